#!/usr/bin/env python3
"""How late can the `adaptive` policy notice a drifting campaign? A noise-free reading of the
generated slow-drift and abrupt instances (bench/personalize/generate.py), no policy run:

- `best changes`: the first round at which the early winner is no longer the best variant;
- `test fires`: the first check at which DriftMonitor's test (one-sided z > 4 between the leader's
  recent reward per impression, half-life 1500 impressions, and its long run) would fire on the
  expected rates, with the leader shown to `--share` of the traffic; `never` if not in the campaign;
- `means cross`: the first round at which the new winner's mean would overtake the old winner's,
  as estimated with every impression remembered (`none`) or forgotten with a half-life, both
  variants sampled evenly over time (what a policy that keeps exploring would see).

Noise makes a real test fire somewhat earlier or later; the point is the order of magnitude. The
constants mirror Sources/Personalize/Policies/DriftMonitor.swift: change them together.

Usage: drift_lag.py [--share 0.9] scenarios/generated/slow-drift-*.yml ...
"""
import argparse
import math
import os
import re

HALF_LIFE = 1500.0
CHECK_EVERY = 100
THRESHOLD = 4.0
MINIMUM_RECENT = 400.0
MINIMUM_HISTORY = 4.0


def read(path):
    text = open(path).read()
    bases = re.findall(r"base: \{(.*?)\}", text)
    first, second = ([float(cell.split(":")[1]) for cell in b.split(",")] for b in bases[:2])
    at = int(re.search(r"\bat: (\d+)", text).group(1))
    over = re.search(r"\bover: (\d+)", text)
    rounds = int(re.search(r"rounds: (\d+)", text).group(1))
    return first, second, at, int(over.group(1)) if over else 0, rounds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--share", type=float, default=0.9, help="the leader's share of traffic")
    parser.add_argument("scenarios", nargs="+")
    args = parser.parse_args()
    for path in args.scenarios:
        first, second, at, over, rounds = read(path)

        def rate(a, r):
            f = 1.0 if r >= at + over else (0.0 if r < at else (r - at) / over)
            return first[a] + (second[a] - first[a]) * f

        k = len(first)
        lead = max(range(k), key=lambda a: first[a])
        new = max(range(k), key=lambda a: second[a])
        best_changes = next((r for r in range(rounds) if max(range(k), key=lambda a: rate(a, r)) != lead), None)

        # DriftMonitor's test on the leader's expected evidence.
        growth = 2 ** (1 / HALF_LIFE)
        n = total = 0.0
        scale = 1.0
        recent_w = recent_sum = 0.0
        fires = None
        for r in range(rounds):
            p = rate(lead, r)
            n += args.share
            total += args.share * p
            scale *= growth
            recent_w += args.share * scale
            recent_sum += args.share * scale * p
            if (r + 1) % CHECK_EVERY == 0 and fires is None:
                w = recent_w / scale
                if w >= MINIMUM_RECENT and n >= MINIMUM_HISTORY * w:
                    long_mean = total / n
                    variance = long_mean * (1 - long_mean)
                    z = (long_mean - recent_sum / recent_w) / math.sqrt(variance * (1 / (2 * w) - 1 / n))
                    if z > THRESHOLD:
                        fires = r + 1

        crosses = []
        for half_life in (None, 6000, 3000):
            g = 1.0 if half_life is None else 2 ** (1 / half_life)
            s = 1.0
            sums = [0.0, 0.0]
            seen = None
            for r in range(rounds):
                s *= g
                sums[0] += s * rate(lead, r)
                sums[1] += s * rate(new, r)
                if seen is None and best_changes is not None and r > best_changes and sums[1] > sums[0]:
                    seen = r
            crosses.append(f"{half_life or 'none'} {seen if seen is not None else 'never'}")
        print(
            f"{os.path.basename(path)}: best changes at {best_changes}; test fires at "
            f"{fires if fires is not None else 'never'}; means cross at " + ", ".join(crosses))


if __name__ == "__main__":
    main()
