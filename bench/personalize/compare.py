#!/usr/bin/env python3
"""Percent of the oracle's reward per scenario type and method: sitegen's policies (`sitegen
simulate`) against Vowpal Wabbit, MABWiser and a plain Beta Thompson sampler replaying the very
same rounds (`replay.py`). For each type: the mean and the worst case over every instance x seed.

Peers do not change when sitegen does, so their totals are cached per scenario file content and
seed under bench/out/peers/ (delete it to recompute).

Usage: compare.py --bin .build/release/sitegen --seeds 1,2 [--jobs 2] scenarios/generated/*.yml
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, "..", "out", "peers")
SITEGEN_POLICIES = ["adaptive", "lints", "thompson", "linucb", "epsilon-greedy"]
PEERS = "vw-squarecb,vw-bag,mab-thompson,mab-lints,mab-linucb,beta-ts"
DEFAULT = "adaptive"


def sitegen_rewards(binary, scenario, seed, policies):
    args = [binary, "simulate", "--scenario", scenario, "--seed", str(seed)]
    for p in policies:
        args += ["--policy", p]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    rewards = {}
    for line in out.splitlines()[3:]:
        cells = line.split()
        if len(cells) >= 3:
            rewards[cells[0]] = float(cells[2])
    return rewards


def peer_rewards(binary, scenario, seed, methods):
    with open(scenario, "rb") as f:
        key = hashlib.sha256(f.read() + f"|{seed}|{methods}".encode()).hexdigest()[:20]
    path = os.path.join(CACHE, key + ".json")
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    with tempfile.TemporaryDirectory() as tmp:
        rounds = os.path.join(tmp, "rounds.jsonl")
        subprocess.run(
            [binary, "simulate", "--scenario", scenario, "--seed", str(seed), "--export-rounds", rounds],
            check=True)
        out = subprocess.run(
            [sys.executable, os.path.join(HERE, "replay.py"), rounds, "--seed", str(seed), "--methods", methods],
            check=True, capture_output=True, text=True).stdout
    result = {m: float(v) for m, v in (line.split() for line in out.splitlines() if line.strip())}
    os.makedirs(CACHE, exist_ok=True)
    with open(path, "w") as f:
        json.dump(result, f)
    return result


def scenario_type(path):
    return re.sub(r"-\d+$", "", os.path.splitext(os.path.basename(path))[0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seeds", default="1,2")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--policies", default=",".join(SITEGEN_POLICIES))
    parser.add_argument("--peers", default=PEERS, help="comma-separated replay.py methods, or 'none'")
    parser.add_argument("--json", help="also write every run's percentages here")
    parser.add_argument("scenarios", nargs="+")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    policies = args.policies.split(",")
    runs = [(s, seed) for s in args.scenarios for seed in seeds]

    def one(run):
        scenario, seed = run
        results = sitegen_rewards(args.bin, scenario, seed, policies)
        if args.peers != "none":
            results.update(peer_rewards(args.bin, scenario, seed, args.peers))
        oracle = results.pop("oracle")
        return scenario, seed, {m: 100 * r / oracle for m, r in results.items()}

    table = {}
    raw = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for done, (scenario, seed, pct) in enumerate(pool.map(one, runs), 1):
            print(f"  [{done}/{len(runs)}] {os.path.basename(scenario)} seed {seed}", file=sys.stderr, flush=True)
            raw.append({"scenario": scenario, "seed": seed, "percent": pct})
            for method, value in pct.items():
                table.setdefault(method, {}).setdefault(scenario_type(scenario), []).append(value)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(raw, f, indent=1)

    types = list(dict.fromkeys(scenario_type(s) for s in args.scenarios))
    methods = [m for m in table if m != "uniform"] + (["uniform"] if "uniform" in table else [])
    peers = [m for m in methods if m not in SITEGEN_POLICIES and m != "uniform"]
    n = len(seeds) * len(args.scenarios) // max(len(types), 1)
    print(f"% of oracle reward, mean / worst over {n} runs per type (instances x seeds {args.seeds})")
    width = max(len(m) for m in methods + ["best peer"])
    print("method".ljust(width) + "".join(t[:13].rjust(14) for t in types) + "          mean")

    def stats(m, t):
        v = table[m].get(t, [])
        return (sum(v) / len(v), min(v)) if v else (float("nan"), float("nan"))

    overall = {}
    for m in methods:
        cells = []
        means = []
        for t in types:
            mean, worst = stats(m, t)
            means.append(mean)
            cells.append(f"{mean:5.1f} / {worst:5.1f}".rjust(14))
        overall[m] = sum(means) / len(means)
        print(m.ljust(width) + "".join(cells) + f"{overall[m]:14.1f}")
    if peers and DEFAULT in table:
        best = [max(stats(p, t)[0] for p in peers) for t in types]
        print("best peer".ljust(width) + "".join(f"{b:5.1f}".rjust(14) for b in best)
              + f"{max(overall[p] for p in peers):14.1f}")
        gaps = [stats(DEFAULT, t)[0] - b for t, b in zip(types, best)]
        print(f"{DEFAULT} - best peer".ljust(width) + "".join(f"{g:+5.1f}".rjust(14) for g in gaps)
              + f"{overall[DEFAULT] - max(overall[p] for p in peers):+14.1f}")


if __name__ == "__main__":
    main()
