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
# Instructions per task of submissions from outside the pool (RemoteSubmitInstructions), per
# thread, counted by valgrind (callgrind with --separate-threads, no cache simulation), JIT on.
# Usage: remote-instructions.sh [gated|free] [executor...]
# Two runs with the same warm-up and R1, R2 measured rounds; per thread, the difference divided by
# the extra tasks. Thread 2 is the JVM's main thread, the submitter; the workers and the JIT
# compiler threads follow (a compiler thread's share is a compilation that fell into the measured
# rounds: noise, which the per-thread split keeps out of the submitter's and workers' figures).
# -XX:-UseDynamicNumberOfCompilerThreads: every compiler thread starts with the JVM, so a thread
# has the same number in both runs (valgrind numbers threads in the order they start).
# Flags as in counter-instructions.sh (read its header for why each). JAVA (default java) picks
# the JDK, JAR the benchmarks jar; the callgrind files stay in $OUT (default /tmp/remote-instructions).
set -euo pipefail
MODE=${1:-gated}
shift || true
EXECUTORS=${*:-tidepool tidepool-bounded forkjoin forkjoin-async}
POOL=${POOL:-2}
WARMUP=${WARMUP:-300}
R1=${R1:-50}
R2=${R2:-250}
JAVA=${JAVA:-java}
JAR=${JAR:-$(dirname "$0")/../target/benchmarks.jar}
OUT=${OUT:-/tmp/remote-instructions}
JVM_FLAGS=${JVM_FLAGS:-}
TASKS_PER_ROUND=10000
mkdir -p "$OUT"

for ex in $EXECUTORS; do
  for r in $R1 $R2; do
    rm -f "$OUT/$ex-$r".*
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$OUT/$ex-$r.%p" \
      "$JAVA" $JVM_FLAGS -XX:+UnlockDiagnosticVMOptions -XX:-ImplicitNullChecks -Xbatch -XX:-TieredCompilation \
      -XX:-UseDynamicNumberOfCompilerThreads -XX:+UseSerialGC -Xms256m -Xmx256m -cp "$JAR" \
      io.tidepool.bench.submit.RemoteSubmitInstructions "$ex" "$MODE" "$POOL" "$WARMUP" "$r" \
      > "$OUT/$ex-$r.log" 2>&1 || true
    if ! grep -q "^executor=$ex .* rounds=$r " "$OUT/$ex-$r.log"; then
      echo "run failed (see $OUT/$ex-$r.log)" >&2; exit 1
    fi
  done
  python3 "$(dirname "$0")/callgrind-threads.py" "$OUT" "$ex" "$R1" "$R2" "$(((R2 - R1) * TASKS_PER_ROUND))" "mode=$MODE"
done
