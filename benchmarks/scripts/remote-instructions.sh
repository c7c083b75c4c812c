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
# Instructions per task of submissions from outside the pool (RemoteSubmitInstructions), counted
# by valgrind (cachegrind, no cache simulation), JIT on, for each executor in $EXECUTORS.
# Usage: remote-instructions.sh [gated|free] [poolSize] [repetitions]
# Same method and flags as counter-instructions.sh (read its header for why each flag): two runs
# with the same warm-up and R1, R2 measured rounds; the difference divided by the extra tasks.
# JAVA (default java) picks the JDK; JAR the benchmarks jar; logs go to $OUT.log.
set -euo pipefail
MODE=${1:-gated}
POOL=${2:-2}
REPS=${3:-1}
WARMUP=${WARMUP:-300}
R1=${R1:-50}
R2=${R2:-550}
JAVA=${JAVA:-java}
JAR=${JAR:-$(dirname "$0")/../target/benchmarks.jar}
EXECUTORS=${EXECUTORS:-tidepool tidepool-bounded forkjoin forkjoin-async}
OUT=${OUT:-/tmp/remote-instructions}
JVM_FLAGS=${JVM_FLAGS:-}
TASKS_PER_ROUND=10000

irefs() { # $1 = executor, $2 = rounds; prints the total instruction count
  valgrind --tool=cachegrind --cache-sim=no --smc-check=all --cachegrind-out-file=/dev/null \
    "$JAVA" $JVM_FLAGS -XX:+UnlockDiagnosticVMOptions -XX:-ImplicitNullChecks -Xbatch -XX:-TieredCompilation \
    -XX:+PrintCompilation -XX:+UseSerialGC -Xms256m -Xmx256m -cp "$JAR" \
    io.tidepool.bench.submit.RemoteSubmitInstructions "$1" "$MODE" "$POOL" "$WARMUP" "$2" \
    > $OUT.run 2>&1 || true
  cat $OUT.run >> $OUT.log
  if ! grep -q "^executor=$1 .* rounds=$2 " $OUT.run; then
    echo "run failed (see $OUT.log)" >&2; exit 1
  fi
  late=$(sed -n '/^measuring$/,$p' $OUT.run | grep -c '::\| % ' || true)
  echo "$late" > $OUT.late
  sed -n 's/.*I *refs: *//p' $OUT.run | tr -d ,
}

for rep in $(seq 1 "$REPS"); do
  for ex in $EXECUTORS; do
    a=$(irefs "$ex" "$R1")
    la=$(cat $OUT.late)
    b=$(irefs "$ex" "$R2")
    lb=$(cat $OUT.late)
    per=$(echo "scale=1; ($b - $a) / (($R2 - $R1) * $TASKS_PER_ROUND)" | bc)
    echo "executor=$ex mode=$MODE pool=$POOL flags=${JVM_FLAGS:-none} rep=$rep I($R1)=$a I($R2)=$b instructions/task=$per compilations-in-extra-rounds=$((lb - la))"
  done
done
