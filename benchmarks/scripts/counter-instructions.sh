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
# Instructions per task of spawn_many_local with tidepool's counters on and off, counted by
# valgrind (cachegrind, no cache simulation), JIT on. See CounterInstructions and
# docs/notes/metrics-cost.md. Usage: counter-instructions.sh [poolSize] [repetitions] [setting]
# (setting: counters, histogram or latency; MODES="on off" by default: counters on, then the
# same build with the counters compiled out). Logs go to $OUT.log (default /tmp/counter-instructions).
# Needs benchmarks/target/benchmarks.jar (mvn -pl benchmarks -am package -DskipTests).
# -XX:-ImplicitNullChecks: under valgrind, HotSpot's implicit null checks (a load from a null
# base that faults, caught by the JVM's SIGSEGV handler) crash the JVM now and then (seen in
# C2 code of Class.cast, si_addr 0x8); with explicit null checks the JIT emits a test and a
# branch instead. Both modes run with the same flags.
# -Xbatch: a method that gets hot waits for its compilation instead of running on in the
# interpreter or in C1's profiling code while a background compiler thread (slow under valgrind)
# works; the warm-up then ends with the task path compiled by C2, as in a long-running service.
# -XX:-TieredCompilation: interpreter then C2 only. With tiered compilation the C1-to-C2 churn of
# methods run once per round went on into the measured rounds at random points and moved the
# totals by about +-100 M instructions per run (124 to 242 instructions per task over 2 M tasks
# in six runs); without it the per-task methods are C2-compiled during the warm-up and the
# measured rounds compile nothing (checked: the same compilations after "measuring" in both runs).
# JVM_FLAGS (default none) adds flags to every run. -XX:-TieredCompilation also lowers
# InlineSmallCode from 2500 (the tiered default) to 1000: a callee whose compiled code is larger
# is not inlined into a caller compiled after it. Pool.runTask of f7c8eaf with the counters on fell
# between the two limits (off: under both), so under these flags the counters seemed to cost a
# whole call, which a default JVM does not pay. JVM_FLAGS=-XX:InlineSmallCode=2500 restores the
# tiered limit; the totals then spread more (see docs/notes/metrics-cost.md, "Measured cost").
# -XX:+PrintCompilation goes to the log: the compilations printed after "measuring" are those
# that fell into the measured rounds; the difference between the two runs counts those made
# during the extra rounds (reported as compilations-in-extra-rounds).
WARMUP=${WARMUP:-300}
set -euo pipefail
POOL=${1:-1}
REPS=${2:-2}
SETTING=${3:-counters}
R1=${R1:-50}
R2=${R2:-1050}
JAR=${JAR:-$(dirname "$0")/../target/benchmarks.jar}
MODES=${MODES:-on off}
OUT=${OUT:-/tmp/counter-instructions}
JVM_FLAGS=${JVM_FLAGS:-}
# TASKS: tasks spawned per round. A round's cost besides its tasks (the worker's spin and park
# between rounds, however valgrind schedules the threads) varies by run; with 10,000 repeated
# runs of one jar differed by up to 8 instructions per task, with TASKS=100000 (and, say,
# WARMUP=150 R1=5 R2=45) by about 2.
TASKS=${TASKS:-10000}
TASKS_PER_ROUND=$((TASKS + 1))   # the spawned tasks + the spawner

irefs() { # $1 = extra JVM flag (or -Dnone), $2 = rounds; prints the total instruction count
  valgrind --tool=cachegrind --cache-sim=no --smc-check=all --cachegrind-out-file=/dev/null \
    java "$1" $JVM_FLAGS -XX:+UnlockDiagnosticVMOptions -XX:-ImplicitNullChecks -Xbatch -XX:-TieredCompilation -XX:+PrintCompilation -XX:+UseSerialGC -Xms256m -Xmx256m -cp "$JAR" \
    io.tidepool.bench.metrics.CounterInstructions "$POOL" "$WARMUP" "$2" "$SETTING" "$TASKS" \
    > $OUT.run 2>&1 || true
  cat $OUT.run >> $OUT.log
  late=$(sed -n '/^measuring$/,$p' $OUT.run | grep -c '::\| % ' || true)
  echo "late compilations: $late" >> $OUT.log
  echo "$late" > $OUT.late
  sed -n 's/.*I *refs: *//p' $OUT.run | tr -d ,
}

for rep in $(seq 1 "$REPS"); do
  for mode in $MODES; do
    flag=-Dnone
    [ "$mode" = off ] && flag=-Dio.tidepool.internal.metrics.noCounters=true
    a=$(irefs "$flag" "$R1")
    la=$(cat $OUT.late)
    b=$(irefs "$flag" "$R2")
    lb=$(cat $OUT.late)
    if ! tail -n 200 $OUT.log | grep -q "^setting=.* rounds=$R2 "; then
      echo "run failed (see $OUT.log)" >&2; exit 1
    fi
    per=$(echo "scale=1; ($b - $a) / (($R2 - $R1) * $TASKS_PER_ROUND)" | bc)
    echo "pool=$POOL setting=$SETTING counters=$mode flags=${JVM_FLAGS:-none} rep=$rep I($R1)=$a I($R2)=$b instructions/task=$per compilations-in-extra-rounds=$((lb - la))"
  done
done
