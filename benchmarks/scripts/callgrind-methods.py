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
# Per-method instructions per task of one thread, from two callgrind runs that differ only in the
# work done (for example LocalShapeCounts with two chain lengths), each run with
# -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit so that JIT code addresses map to methods
# (/tmp/perf-<pid>.map). Usage:
#   callgrind-methods.py <prefix1> <prefix2> <tasks> <thread> [top]
# where prefixN is the callgrind out file without ".<pid>-<thread>" (as written by
# --callgrind-out-file=<prefix>.%p --separate-threads=yes) and tasks the extra tasks of run 2.
# Callgrind names unknown code after the address a call entered it at, so a method's figure is
# what ran from its entry until the next call; code entered by a jump (an on-stack-replacement
# compilation entered from the interpreter) is counted under "Interpreter".
import bisect
import collections
import glob
import re
import sys


def load_map(pid):
    entries = []
    for line in open(f"/tmp/perf-{pid}.map"):
        addr, size, name = line.rstrip("\n").split(" ", 2)
        entries.append((int(addr, 16), int(size, 16), name))
    entries.sort()
    return entries


def self_costs(path):
    """Self cost per callgrind function name (a cost line after calls= is inclusive: skipped)."""
    costs = collections.Counter()
    names = {}
    current = None
    skip = False
    for line in open(path):
        m = re.match(r"(c?fn)=\((\d+)\)(?: (.*))?", line.strip())
        if m:
            if m.group(3):
                names[m.group(2)] = m.group(3)
            if m.group(1) == "fn":
                current = names.get(m.group(2))
                skip = False
            continue
        if line.startswith("calls="):
            skip = True
            continue
        if line[:1].isdigit() or line[:1] in "+-*":
            if skip:
                skip = False
                continue
            parts = line.split()
            if len(parts) >= 2 and current is not None:
                costs[current] += int(parts[1])
    return costs


def method_costs(prefix, thread):
    files = glob.glob(f"{prefix}.*-{int(thread):02d}")
    if len(files) != 1:
        sys.exit(f"expected one file for {prefix} thread {thread}: {files}")
    pid = re.search(r"\.(\d+)-\d+$", files[0]).group(1)
    entries = load_map(pid)
    starts = [e[0] for e in entries]
    out = collections.Counter()
    for fn, cost in self_costs(files[0]).items():
        name = fn
        m = re.match(r"0x([0-9a-f]+)", fn)
        if m:
            addr = int(m.group(1), 16)
            i = bisect.bisect_right(starts, addr) - 1
            if i >= 0 and addr < entries[i][0] + entries[i][1]:
                name = entries[i][2]
        out[name] += cost
    return out


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit("usage: callgrind-methods.py <prefix1> <prefix2> <tasks> <thread> [top]")
    a = method_costs(sys.argv[1], sys.argv[4])
    b = method_costs(sys.argv[2], sys.argv[4])
    tasks = float(sys.argv[3])
    top = int(sys.argv[5]) if len(sys.argv) == 6 else 15
    delta = {k: (b[k] - a[k]) / tasks for k in set(a) | set(b)}
    print(f"total {sum(delta.values()):.1f} instructions/task")
    for name, v in sorted(delta.items(), key=lambda x: -abs(x[1]))[:top]:
        print(f"{v:8.1f}  {name}")


if __name__ == "__main__":
    main()
