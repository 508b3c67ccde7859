#!/usr/bin/env python3
"""Total reward per scenario and method: sitegen's policies (`sitegen simulate`) against Vowpal
Wabbit and MABWiser replaying the very same rounds (`replay.py`). Averaged over seeds.

Usage: compare.py --bin .build/release/sitegen --seeds 1,2,3 scenarios/*.yml
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SITEGEN_POLICIES = ["lints", "thompson", "linucb", "epsilon-greedy", "uniform"]


def sitegen_rewards(binary, scenario, seed):
    args = [binary, "simulate", "--scenario", scenario, "--seed", str(seed)]
    for p in SITEGEN_POLICIES:
        args += ["--policy", p]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    rewards = {}
    for line in out.splitlines()[3:]:
        cells = line.split()
        if len(cells) >= 3:
            rewards[cells[0]] = float(cells[2])
    return rewards


def library_rewards(binary, scenario, seed):
    with tempfile.TemporaryDirectory() as tmp:
        rounds = os.path.join(tmp, "rounds.jsonl")
        subprocess.run(
            [binary, "simulate", "--scenario", scenario, "--seed", str(seed), "--export-rounds", rounds],
            check=True)
        out = subprocess.run(
            [sys.executable, os.path.join(HERE, "replay.py"), rounds, "--seed", str(seed)],
            check=True, capture_output=True, text=True).stdout
    return {m: float(v) for m, v in (line.split() for line in out.splitlines() if line.strip())}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("scenarios", nargs="+")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    names = [os.path.splitext(os.path.basename(s))[0] for s in args.scenarios]
    table = {}
    for scenario, name in zip(args.scenarios, names):
        for seed in seeds:
            print(f"  {name} seed {seed}…", file=sys.stderr, flush=True)
            results = sitegen_rewards(args.bin, scenario, seed)
            results.update(library_rewards(args.bin, scenario, seed))
            for method, reward in results.items():
                table.setdefault(method, {}).setdefault(name, []).append(reward)
    methods = [m for m in table if m != "oracle"] + ["oracle"]
    width = max(len(m) for m in methods)
    cols = [max(len(n), 9) for n in names]
    print(f"mean total reward over seeds {args.seeds} (higher is better; * = best non-oracle)")
    print("method".ljust(width) + "  " + "  ".join(n.rjust(c) for n, c in zip(names, cols)))
    print("-" * width + "  " + "  ".join("-" * c for c in cols))
    best = {}
    for n in names:
        best[n] = max(sum(table[m][n]) / len(table[m][n]) for m in methods if m != "oracle" and n in table[m])
    for m in methods:
        cells = []
        for n, c in zip(names, cols):
            values = table[m].get(n, [])
            mean = sum(values) / len(values) if values else float("nan")
            mark = "*" if m != "oracle" and abs(mean - best[n]) < 1e-9 else " "
            cells.append(f"{mean:.1f}{mark}".rjust(c + 1))
        print(m.ljust(width) + " " + " ".join(cells))


if __name__ == "__main__":
    main()
