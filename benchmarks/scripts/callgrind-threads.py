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
# Instructions per task, in all and per thread, from two callgrind runs (--separate-threads=yes,
# out files <out>/<executor>-<run>.<pid>-<thread>) that differ by <tasks> tasks; threads that
# moved by less than one instruction (0.01 of another event) per task are left out. Shared by remote-instructions.sh and
# local-instructions.sh. Usage:
#   callgrind-threads.py <out> <executor> <run1> <run2> <tasks> <label>
# (label, such as "mode=gated", goes into the printed line). EVENT (default Ir, instructions)
# picks another of the run's events, such as D1mr or DLmw with --cache-sim=yes.
import glob
import os
import sys


def totals(out, ex, run, event):
    t = {}
    for f in glob.glob(f"{out}/{ex}-{run}.*-*"):
        thread = count = None
        index = 0
        for line in open(f):
            if line.startswith("thread:"):
                thread = int(line.split()[1])
            elif line.startswith("events:"):
                names = line.split()[1:]
                if event not in names:
                    sys.exit(f"no event {event} in {f}: {names}")
                index = names.index(event)
            elif line.startswith(("summary:", "totals:")):
                count = int(line.split()[1 + index])
                break
        t[thread] = count
    return t


def main():
    out, ex, run1, run2, tasks, label = sys.argv[1:7]
    tasks = int(tasks)
    event = os.environ.get("EVENT", "Ir")
    a, b = totals(out, ex, run1, event), totals(out, ex, run2, event)
    deltas = {t: b.get(t, 0) - a.get(t, 0) for t in set(a) | set(b)}
    # instructions: threads that moved by one per task or more; misses: by 0.01 per task
    least, digits = (tasks, 1) if event == "Ir" else (tasks / 100, 3)
    shown = " ".join(f"thread{t}={d / tasks:.{digits}f}" for t, d in sorted(deltas.items()) if abs(d) >= least)
    what = "instructions" if event == "Ir" else event
    print(f"executor={ex} {label} {what}/task={sum(deltas.values()) / tasks:.{digits}f} {shown}")


if __name__ == "__main__":
    main()
