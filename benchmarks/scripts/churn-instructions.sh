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
# Per operation of the timer churn (ChurnCounts: schedule a 1-10 s timeout from outside the pool,
# cancel it), per thread, counted by valgrind (callgrind with --separate-threads), JIT on.
# Usage: churn-instructions.sh [threads...] (submitting threads, default "1 4").
# As remote-instructions.sh (read its header and counter-instructions.sh's for the flags): two runs
# with the same warm-up and R1, R2 measured rounds of OPS operations per submitter; per thread,
# the difference divided by the extra operations. Thread 2 is the JVM's main thread (it waits),
# the JIT compiler threads and the pool's WORKERS (default 2) follow, the submitters come last.
# CACHE=yes simulates the caches too (slower) and prints, besides instructions, the first-level
# data read and write misses and the last-level ones (EVENTS). Valgrind runs one thread at a
# time: a miss here is a capacity or cold miss of one simulated cache, never a line that moves
# between cores; it counts the work, not the contention of an idle machine's cores.
# JAVA picks the JDK, JAR the benchmarks jar, JVM_FLAGS adds flags; the callgrind files stay in
# $OUT (default /tmp/churn-instructions).
set -euo pipefail
THREADS=${*:-1 4}
WORKERS=${WORKERS:-2}
OPS=${OPS:-20000}
WARMUP=${WARMUP:-50}
R1=${R1:-10}
R2=${R2:-40}
JAVA=${JAVA:-java}
JAR=${JAR:-$(dirname "$0")/../target/benchmarks.jar}
OUT=${OUT:-/tmp/churn-instructions}
JVM_FLAGS=${JVM_FLAGS:-}
CACHE=${CACHE:-no}
EVENTS=${EVENTS:-Ir D1mr D1mw DLmr DLmw}
[ "$CACHE" = yes ] || EVENTS=Ir
mkdir -p "$OUT"

for t in $THREADS; do
  name=churn-t$t
  for r in $R1 $R2; do
    rm -f "$OUT/$name-$r".*
    valgrind --tool=callgrind --separate-threads=yes --cache-sim="$CACHE" --callgrind-out-file="$OUT/$name-$r.%p" \
      "$JAVA" -XX:+UnlockDiagnosticVMOptions $JVM_FLAGS -XX:-ImplicitNullChecks -Xbatch -XX:-TieredCompilation \
      -XX:-UseDynamicNumberOfCompilerThreads -XX:+UseSerialGC -Xms256m -Xmx256m -XX:+PrintCompilation -cp "$JAR" \
      io.tidepool.bench.timer.ChurnCounts --threads "$t" --workers "$WORKERS" --ops "$OPS" \
      --warmup "$WARMUP" --rounds "$r" > "$OUT/$name-$r.log" 2>&1 || true
    if ! grep -q "workers=$WORKERS rounds=$r " "$OUT/$name-$r.log"; then
      echo "run failed (see $OUT/$name-$r.log)" >&2; exit 1
    fi
    late=$(sed -n '/^measuring$/,$p' "$OUT/$name-$r.log" | grep -c '::\| % ' || true)
    echo "threads=$t rounds=$r compilations-after-warmup=$late $(grep -o 'wheeled/op=.*' "$OUT/$name-$r.log")"
  done
  for e in $EVENTS; do
    EVENT=$e python3 "$(dirname "$0")/callgrind-threads.py" "$OUT" "$name" "$R1" "$R2" \
      "$(((R2 - R1) * OPS * t))" "threads=$t workers=$WORKERS"
  done
done
