#!/usr/bin/env bash
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
# Instructions per burst out of idle (BurstProbe: an idle gap, then one task or a chain from
# outside the pool), per thread, counted by valgrind (callgrind with --separate-threads, no cache
# simulation), JIT on; with the futex calls per burst (strace) alongside when STRACE=1.
# Usage: burst-instructions.sh [executor...]   (default: tidepool forkjoin forkjoin-async)
# Two runs with the same warm-up and R1, R2 measured bursts; per thread, the difference divided
# by the extra bursts. Thread 2 is the JVM's main thread: the submitter, its wait for the burst's
# end, its idle gap and BurstProbe's own bookkeeping (the same code for every executor); the
# pool's workers start last, so they are the highest-numbered POOL (default 2) threads, and are
# summed (which worker takes the bursts can differ between the two runs). "other-jvm-threads"
# is the rest, mostly JIT compilations that fell into the measured bursts: when it is large the
# run is disturbed (a method was compiled again, and ran slower code meanwhile); run again.
# Counts, not times: but the workers' spin and the gap loop depend on timing, so a loaded
# machine moved them by thousands of instructions per burst; compare runs made side by side.
# Flags: no tiered compilation, -Xbatch and a CompileThreshold of 1,000 invocations, so every
# method entered once per burst (the submit, the wake, the way out of a park, the idle path) is
# a C2 compilation before the warm-up ends; the other flags as in counter-instructions.sh.
# GAP (µs, default 500), CHAIN (default 1), WARMUP (default 3000), R1/R2 (default 500/1500),
# JAVA (default java), JAR (the benchmarks jar), OUT (default /tmp/burst-instructions),
# STRACE=1 adds a run under strace per round count and prints futex calls per burst.
set -euo pipefail
EXECUTORS=${*:-tidepool forkjoin forkjoin-async}
GAP=${GAP:-500}
CHAIN=${CHAIN:-1}
WARMUP=${WARMUP:-3000}
R1=${R1:-500}
R2=${R2:-1500}
JAVA=${JAVA:-java}
JAR=${JAR:-$(dirname "$0")/../target/benchmarks.jar}
OUT=${OUT:-/tmp/burst-instructions}
JVM_FLAGS=${JVM_FLAGS:-}
STRACE=${STRACE:-0}
mkdir -p "$OUT"
FLAGS="$JVM_FLAGS -XX:+UnlockDiagnosticVMOptions -XX:-ImplicitNullChecks -Xbatch -XX:-TieredCompilation
  -XX:CompileThreshold=1000 -XX:-UseDynamicNumberOfCompilerThreads -XX:+UseSerialGC -Xms256m -Xmx256m"

for ex in $EXECUTORS; do
  for r in $R1 $R2; do
    rm -f "$OUT/$ex-$r".*
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$OUT/$ex-$r.%p" \
      "$JAVA" $FLAGS -cp "$JAR" io.tidepool.bench.scheduler.BurstProbe "$ex" "$GAP" "$CHAIN" "$WARMUP" "$r" \
      > "$OUT/$ex-$r.log" 2>&1 || true
    if ! grep -q "^$ex gap=.* bursts=$r:" "$OUT/$ex-$r.log"; then
      echo "run failed (see $OUT/$ex-$r.log)" >&2; exit 1
    fi
    if [ "$STRACE" = 1 ]; then
      strace -f -c -e trace=futex -o "$OUT/$ex-$r.strace" "$JAVA" $FLAGS -cp "$JAR" \
        io.tidepool.bench.scheduler.BurstProbe "$ex" "$GAP" "$CHAIN" "$WARMUP" "$r" > /dev/null 2>&1
    fi
  done
  python3 - "$OUT" "$ex" "$R1" "$R2" "$STRACE" "${POOL:-2}" "$(dirname "$0")/callgrind-threads.py" <<'PY'
import importlib.util, sys
out, ex, r1, r2, strace, pool = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1", int(sys.argv[6])
# the per-thread totals of a callgrind run, as the other instruction scripts read them
spec = importlib.util.spec_from_file_location("callgrind_threads", sys.argv[7])
callgrind_threads = importlib.util.module_from_spec(spec)
spec.loader.exec_module(callgrind_threads)
def totals(r):
    return callgrind_threads.totals(out, ex, r)
def futex(r):
    for line in open(f"{out}/{ex}-{r}.strace"):
        parts = line.split()
        if parts and parts[-1] == "futex":
            return int(parts[3])
    return 0
a, b = totals(r1), totals(r2)
bursts = r2 - r1
threads = sorted(set(a) | set(b))
delta = {t: (b.get(t, 0) - a.get(t, 0)) / bursts for t in threads}
# which worker takes the bursts differs between runs: the workers are summed
workers = threads[-pool:]
others = sum(d for t, d in delta.items() if t != 2 and t not in workers)
line = (f"executor={ex} per burst: main={delta.get(2, 0):.0f} workers={sum(delta[t] for t in workers):.0f}"
        f" (threads {workers[0]}-{workers[-1]}) other-jvm-threads={others:.0f}")
if strace:
    line += f" futex={(futex(r2) - futex(r1)) / bursts:.2f}"
print(line)
PY
done
