#!/usr/bin/env python3
"""Replays rounds exported by `sitegen simulate --export-rounds` through Vowpal Wabbit's
--cb_explore_adf (epsilon-greedy, squarecb, bag, cover), MABWiser (LinTS, LinUCB,
ThompsonSampling) and a plain Beta Thompson sampler, on exactly the visitors and would-convert
outcomes sitegen's policies saw.

Each method sees the same features as sitegen's policies (the scenario's `personalize.features`
and `interactions`, one-hot), gets the chosen variant's reward only, and learns with the same
feedback delay. Prints one line per method: `method total_reward`.

Usage: replay.py ROUNDS.jsonl [--methods a,b,...] [--seed N]
"""
import argparse
import json
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")

VW_METHODS = {
    "vw-epsilon": "--epsilon 0.05",
    "vw-squarecb": "--squarecb",
    "vw-bag": "--bag 5",
    "vw-cover": "--cover 3",
}
MAB_METHODS = ["mab-lints", "mab-linucb", "mab-thompson"]
OWN_METHODS = ["beta-ts"]
# MABWiser refits from Python per call; updating it every round would take minutes per scenario,
# so it learns in batches of this many rounds (on top of the scenario's own delay).
MAB_BATCH = 25


def load(path):
    with open(path) as f:
        header = json.loads(f.readline())
        rounds = [json.loads(line) for line in f if line.strip()]
    return header, rounds


def tokens(header, features):
    names = list(header["features"])
    out = [f"{n}={features.get(n, 'unknown')}" for n in names]
    for group in header.get("interactions", []):
        out.append("*".join(group) + "=" + "*".join(features.get(n, "unknown") for n in group))
    return out


class Pending:
    """Feedback waiting for its round, as the scenario's delay dictates."""

    def __init__(self, n):
        self.due = [[] for _ in range(n + 1)]

    def add(self, t, delay, item):
        # Delay 0 means "known before the next visitor", as in sitegen's simulator.
        due = t + max(delay, 1)
        if due < len(self.due):
            self.due[due].append(item)

    def take(self, t):
        items, self.due[t] = self.due[t], []
        return items


def run_vw(header, rounds, options, seed):
    from vowpalwabbit import Workspace

    vw = Workspace(f"--cb_explore_adf -q sa --quiet --random_seed {seed} {options}")
    k = len(header["variants"])
    rng = np.random.default_rng(seed)
    actions = [f"|a arm={a}" for a in range(k)]
    pending = Pending(len(rounds))
    total = 0.0
    for t, r in enumerate(rounds):
        for example in pending.take(t):
            vw.learn(example)
        shared = "shared |s " + " ".join(tokens(header, r["features"]))
        pmf = np.asarray(vw.predict([shared] + actions), dtype=float)
        pmf = pmf / pmf.sum()
        a = int(rng.choice(k, p=pmf))
        reward = r["rewards"][a]
        total += reward
        labelled = list(actions)
        labelled[a] = f"0:{-reward}:{pmf[a]} " + actions[a]
        pending.add(t, r["delay"], [shared] + labelled)
    vw.finish()
    return total


def run_mab(header, rounds, method, seed):
    from mabwiser.mab import MAB, LearningPolicy

    k = len(header["variants"])
    vocab = {}
    for r in rounds:
        for tok in tokens(header, r["features"]):
            vocab.setdefault(tok, len(vocab))

    def vector(features):
        v = np.zeros(len(vocab))
        for tok in tokens(header, features):
            v[vocab[tok]] = 1.0
        return v

    if method == "mab-lints":
        policy = LearningPolicy.LinTS()
    elif method == "mab-linucb":
        policy = LearningPolicy.LinUCB()
    else:
        policy = LearningPolicy.ThompsonSampling(binarizer=lambda arm, reward: reward > 0)
    contextual = method != "mab-thompson"
    mab = MAB(arms=list(range(k)), learning_policy=policy, seed=seed)
    rng = np.random.default_rng(seed)
    pending = Pending(len(rounds))
    ready = []
    fitted = False
    total = 0.0
    # Decisions are made a batch at a time with the model as fitted before the batch (one predict
    # call per batch: per-row calls made MABWiser minutes per scenario), then the feedback that
    # has arrived by the batch's end is learned.
    for start in range(0, len(rounds), MAB_BATCH):
        block = rounds[start:start + MAB_BATCH]
        xs = np.array([vector(r["features"]) for r in block])
        if not fitted:
            arms = [int(a) for a in rng.integers(k, size=len(block))]
        elif contextual:
            arms = [int(a) for a in np.atleast_1d(mab.predict(xs))]
        else:
            arms = [int(a) for a in np.atleast_1d(mab.predict(np.zeros((len(block), 1))))]
        for i, (r, a) in enumerate(zip(block, arms)):
            t = start + i
            ready.extend(pending.take(t))
            reward = r["rewards"][a]
            total += reward
            pending.add(t, r["delay"], (a, reward, xs[i]))
        if ready:
            decisions = [d for d, _, _ in ready]
            rewards = [w for _, w, _ in ready]
            contexts = np.array([x for _, _, x in ready]) if contextual else None
            if fitted:
                mab.partial_fit(decisions, rewards, contexts)
            else:
                mab.fit(decisions, rewards, contexts)
                fitted = True
            ready = []
    return total


def run_beta_ts(header, rounds, seed):
    """Plain Beta Thompson sampling, no context, no floor, learning every round: each variant's
    conversion rate from Beta(1 + conversions, 1 + misses), times its mean order value so far
    (the mean over all variants' orders before its first one), so it is revenue-aware as a
    marketer's A/B bandit would be."""
    k = len(header["variants"])
    rng = np.random.default_rng(seed)
    n = np.zeros(k)
    c = np.zeros(k)
    value = np.zeros(k)
    pending = Pending(len(rounds))
    total = 0.0
    for t, r in enumerate(rounds):
        for a, reward in pending.take(t):
            if reward > 0:
                c[a] += 1
                value[a] += reward
        overall = (value.sum() / c.sum()) if c.sum() > 0 else 1.0
        mean_value = np.where(c > 0, value / np.maximum(c, 1), overall)
        draws = rng.beta(1 + c, 1 + np.maximum(n - c, 0)) * mean_value
        a = int(np.argmax(draws))
        n[a] += 1
        reward = r["rewards"][a]
        total += reward
        pending.add(t, r["delay"], (a, reward))
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rounds")
    parser.add_argument("--methods", default=",".join(list(VW_METHODS) + MAB_METHODS + OWN_METHODS))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    header, rounds = load(args.rounds)
    for method in args.methods.split(","):
        if method in VW_METHODS:
            total = run_vw(header, rounds, VW_METHODS[method], args.seed)
        elif method in MAB_METHODS:
            total = run_mab(header, rounds, method, args.seed)
        elif method in OWN_METHODS:
            total = run_beta_ts(header, rounds, args.seed)
        else:
            sys.exit(f"unknown method {method}")
        print(f"{method} {total:.1f}", flush=True)


if __name__ == "__main__":
    main()
