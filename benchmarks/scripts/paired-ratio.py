#!/usr/bin/env python3
#
# Copyright 2026 the tidepool authors
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     https://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
#
# The ratio B/A of paired scores and its 95% confidence interval. Usage:
#   paired-ratio.py <file> [goal]
# <file> holds one pair a line, "A B" (two scores taken back to back, e.g. one JMH fork each).
# Each pair gives log(B/A); their mean and a Student t interval (n-1 degrees of freedom) are
# taken back by exp: the geometric mean of the ratios and its interval. Pairing cancels what
# drifts slowly (load, clock, heat) across the run; the interval covers what still differs
# from fork to fork (compilation, code layout, placement). Prints one line:
#   pairs=n ratio=r ci95=[lo, hi] halfwidth=h
# and, with a goal g (e.g. 0.95), a verdict: "at least g" when lo >= g, "below g" when hi < g,
# else "not resolved".
import math
import sys


def t_pdf(x, nu):
    c = math.exp(math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2)) / math.sqrt(nu * math.pi)
    return c * (1 + x * x / nu) ** (-(nu + 1) / 2)


def t_cdf_upper_half(x, nu, steps=4000):
    """P(0 <= T <= x) by Simpson's rule (steps even)."""
    h = x / steps
    s = t_pdf(0, nu) + t_pdf(x, nu)
    for i in range(1, steps):
        s += (4 if i % 2 else 2) * t_pdf(i * h, nu)
    return s * h / 3


def t_quantile_975(nu):
    """The 97.5th percentile of Student's t with nu degrees of freedom, by bisection."""
    lo, hi = 0.0, 200.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if t_cdf_upper_half(mid, nu) < 0.475:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: paired-ratio.py <file> [goal]")
    logs = []
    for line in open(sys.argv[1]):
        parts = line.split()
        if len(parts) != 2:
            continue
        a, b = float(parts[0]), float(parts[1])
        if a <= 0 or b <= 0:
            sys.exit(f"scores must be > 0: {line.strip()}")
        logs.append(math.log(b / a))
    n = len(logs)
    if n < 2:
        sys.exit(f"need at least 2 pairs: {n}")
    mean = sum(logs) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in logs) / (n - 1))
    half = t_quantile_975(n - 1) * sd / math.sqrt(n)
    ratio, lo, hi = math.exp(mean), math.exp(mean - half), math.exp(mean + half)
    out = f"pairs={n} ratio={ratio:.4f} ci95=[{lo:.4f}, {hi:.4f}] halfwidth={(hi - lo) / 2:.4f}"
    if len(sys.argv) == 3:
        goal = float(sys.argv[2])
        verdict = f"at least {goal}" if lo >= goal else f"below {goal}" if hi < goal else "not resolved"
        out += f" verdict={verdict.replace(' ', '_')}"
    print(out)


if __name__ == "__main__":
    main()
