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
# Instructions per task of the local shapes (LocalShapeCounts: chained_spawn, spawn_many_local), per
# thread, counted by valgrind (callgrind with --separate-threads, no cache simulation), JIT on.
# Usage: local-instructions.sh <chained|local> [executor...]
# As remote-instructions.sh (read its header and counter-instructions.sh's for the flags): two runs
# with the same warm-up and R1, R2 measured rounds; per thread, the difference divided by the extra
# tasks. Thread 2 is the JVM's main thread (it starts each round and waits for its end); the
# workers and the JIT compiler threads follow. The pool's own counts (parks, steals per task) of the
# longer run are printed too. JAVA picks the JDK, JAR the benchmarks jar, JVM_FLAGS adds flags
# (JVM_FLAGS=-XX:InlineSmallCode=2500 restores the tiered inlining limit); the callgrind files stay
# in $OUT (default /tmp/local-instructions).
# LENGTHS="L1 L2" (chained only): instead of two round counts, two runs of R2 rounds whose chains
# are L1 and L2 tasks long; the difference is then the steady per-task path alone, without what a
# round costs besides its tasks (the main thread's wake, the workers' idle spells between rounds).
set -euo pipefail
SHAPE=${1:?usage: local-instructions.sh <chained|local> [executor...]}
shift || true
EXECUTORS=${*:-tidepool forkjoin forkjoin-async}
POOL=${POOL:-2}
WARMUP=${WARMUP:-300}
R1=${R1:-50}
R2=${R2:-250}
JAVA=${JAVA:-java}
JAR=${JAR:-$(dirname "$0")/../target/benchmarks.jar}
OUT=${OUT:-/tmp/local-instructions}
JVM_FLAGS=${JVM_FLAGS:-}
case "$SHAPE" in chained) TASKS_PER_ROUND=1000 ;; local) TASKS_PER_ROUND=10000 ;; *) echo "shape must be chained or local: $SHAPE" >&2; exit 2 ;; esac
mkdir -p "$OUT"

LENGTHS=${LENGTHS:-}
if [ -n "$LENGTHS" ]; then
  [ "$SHAPE" = chained ] || { echo "LENGTHS needs shape chained" >&2; exit 2; }
  read -r L1 L2 <<< "$LENGTHS"
  RUNS="$L1 $L2"
  X1=$L1; X2=$L2
else
  RUNS="$R1 $R2"
  X1=$R1; X2=$R2
fi

for ex in $EXECUTORS; do
  for r in $RUNS; do
    if [ -n "$LENGTHS" ]; then rounds=$R2; extra=$r; else rounds=$r; extra=; fi
    rm -f "$OUT/$ex-$r".*
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$OUT/$ex-$r.%p" \
      "$JAVA" $JVM_FLAGS -XX:+UnlockDiagnosticVMOptions -XX:-ImplicitNullChecks -Xbatch -XX:-TieredCompilation \
      -XX:-UseDynamicNumberOfCompilerThreads -XX:+UseSerialGC -Xms256m -Xmx256m -cp "$JAR" \
      io.tidepool.bench.scheduler.LocalShapeCounts "$ex" "$SHAPE" "$POOL" "$WARMUP" "$rounds" $extra \
      > "$OUT/$ex-$r.log" 2>&1 || true
    if ! grep -q "^executor=$ex shape=$SHAPE .* rounds=$rounds " "$OUT/$ex-$r.log"; then
      echo "run failed (see $OUT/$ex-$r.log)" >&2; exit 1
    fi
  done
  # two round counts of TASKS_PER_ROUND tasks, or R2 rounds of two chain lengths
  if [ -n "$LENGTHS" ]; then tasks=$(((X2 - X1) * R2)); else tasks=$(((X2 - X1) * TASKS_PER_ROUND)); fi
  python3 "$(dirname "$0")/callgrind-threads.py" "$OUT" "$ex" "$X1" "$X2" "$tasks" "shape=$SHAPE"
  grep -o "parks/task=.*" "$OUT/$ex-$X2.log"
done
