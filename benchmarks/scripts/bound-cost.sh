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
# Bounded over unbounded throughput of the remote-submit shapes (JMH BoundCost), with a 95%
# confidence interval from paired forks. Usage: bound-cost.sh [submitters...] (default: 1 4).
# For each submitters value, pairs of single-fork JMH runs, one unbounded and one bounded back to
# back, the order alternating from pair to pair (so neither side always runs first); each pair
# gives bounded/unbounded, and paired-ratio.py turns the pairs into the geometric mean ratio and
# its Student t interval. Pairing cancels slow drift of the machine (load, clock, heat); what
# still differs from fork to fork (the JIT's compilation and code layout, thread placement) is
# what the interval covers, and more pairs narrow it. Runs at least MIN_PAIRS pairs, then stops
# once the interval's half-width is at most TARGET, or after MAX_PAIRS pairs; prints the running
# interval after each pair and a verdict against GOAL (at least GOAL, below GOAL, not resolved).
# Why not both bounds in one JVM: the bounded and unbounded pools would share one compilation
# of the offer, whose branch profile then mixes the two; each fork here compiles the path of
# its own configuration, as a service running one pool would.
# Environment: JAVA (default java) picks the JDK, JAR the benchmarks jar, WI/I warm-up and
# measurement iterations per fork of W/R each (default 3 and 5 of 1 s), MIN_PAIRS (8),
# MAX_PAIRS (40), TARGET (0.02), GOAL (0.95), POOL (2), JVM_ARGS (appended to each fork's JVM
# flags), HOST_FLAGS (the JMH launcher's: -Djmh.ignoreLock=true beside another JMH run), STAT
# (a fork's score: median of its iterations, the default, or mean), OUT (default
# /tmp/bound-cost: JMH's JSON and log per fork, pairs-<s>.txt per shape).
# A fork takes about WI*W + I*R plus 2 s; 40 pairs of both shapes about 30 min per JDK.
set -euo pipefail
SUBMITTERS=${*:-1 4}
JAVA=${JAVA:-java}
JAR=${JAR:-$(dirname "$0")/../target/benchmarks.jar}
WI=${WI:-3}
I=${I:-5}
W=${W:-1s}
R=${R:-1s}
MIN_PAIRS=${MIN_PAIRS:-8}
MAX_PAIRS=${MAX_PAIRS:-40}
TARGET=${TARGET:-0.02}
GOAL=${GOAL:-0.95}
POOL=${POOL:-2}
JVM_ARGS=${JVM_ARGS:-}
HOST_FLAGS=${HOST_FLAGS:-}
OUT=${OUT:-/tmp/bound-cost}
STAT=${STAT:-median}
RATIO=$(dirname "$0")/paired-ratio.py
mkdir -p "$OUT"
if [ "$STAT" != median ] && [ "$STAT" != mean ]; then
  echo "STAT must be median or mean: $STAT" >&2; exit 2
fi
if [ "$MIN_PAIRS" -lt 2 ] || [ "$MAX_PAIRS" -lt "$MIN_PAIRS" ]; then
  echo "need 2 <= MIN_PAIRS <= MAX_PAIRS: MIN_PAIRS=$MIN_PAIRS MAX_PAIRS=$MAX_PAIRS" >&2; exit 2
fi
"$JAVA" -version 2>&1 | head -1

# one fork of BoundCost; prints its score (tasks/s): the median of its measurement iterations
# (STAT=median, the default: an iteration disturbed by something else on the machine moves it
# less) or JMH's score, their mean (STAT=mean)
fork() {
  local bound=$1 s=$2 tag=$3
  local extra=()
  # -jvmArgsAppend replaces the annotation's, so its heap flags come first again
  if [ -n "$JVM_ARGS" ]; then extra=(-jvmArgsAppend "-Xms1g -Xmx1g $JVM_ARGS"); fi
  if ! "$JAVA" $HOST_FLAGS -jar "$JAR" 'io.tidepool.bench.submit.BoundCost.remoteSubmit' \
      -p bound="$bound" -p submitters="$s" -p poolSize="$POOL" -f 1 -wi "$WI" -i "$I" -w "$W" -r "$R" \
      -foe true -rf json -rff "$OUT/$tag.json" "${extra[@]}" > "$OUT/$tag.log" 2>&1; then
    echo "fork failed (see $OUT/$tag.log)" >&2; exit 1
  fi
  python3 -c '
import json, statistics, sys
m = json.load(open(sys.argv[1]))[0]["primaryMetric"]
print(m["score"] if sys.argv[2] == "mean" else statistics.median(m["rawData"][0]))' "$OUT/$tag.json" "$STAT"
}

for s in $SUBMITTERS; do
  pairs="$OUT/pairs-$s.txt"
  : > "$pairs"
  for ((k = 1; k <= MAX_PAIRS; k++)); do
    if ((k % 2)); then
      u=$(fork unbounded "$s" "s$s-p$k-unbounded"); b=$(fork bounded "$s" "s$s-p$k-bounded")
    else
      b=$(fork bounded "$s" "s$s-p$k-bounded"); u=$(fork unbounded "$s" "s$s-p$k-unbounded")
    fi
    echo "$u $b" >> "$pairs"
    line=$(if ((k >= 2)); then python3 "$RATIO" "$pairs" "$GOAL"; fi)
    printf 'submitters=%s pair=%d unbounded=%.0f bounded=%.0f %s\n' "$s" "$k" "$u" "$b" "$line"
    if ((k >= MIN_PAIRS)); then
      half=$(sed -n 's/.*halfwidth=\([0-9.]*\).*/\1/p' <<< "$line")
      if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= float(sys.argv[2]) else 1)' "$half" "$TARGET"; then
        break
      fi
    fi
  done
  echo "RESULT submitters=$s pool=$POOL $(python3 "$RATIO" "$pairs" "$GOAL")"
done
