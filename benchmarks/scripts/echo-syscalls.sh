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
# System calls per echo round trip of one server's threads, counted by perf over EchoCost's
# measurement window only (perf is attached once the client threads exist, every server thread
# then exists too, and EchoCost enables and disables the counting through perf's control FIFOs).
# Usage: echo-syscalls.sh [server] [connections] [measure-ms]  (default tidepool 64 3000).
# JAVA (default java), JAR (default the benchmarks jar of this tree). Prints EchoCost's line
# (allocation, context switches per round trip) and then the system calls per round trip.
set -euo pipefail
SERVER=${1:-tidepool}
CONNECTIONS=${2:-64}
MEASURE=${3:-3000}
JAVA=${JAVA:-java}
JAR=${JAR:-$(dirname "$0")/../target/benchmarks.jar}
EVENTS=raw_syscalls:sys_enter,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_futex
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
mkfifo "$DIR/ctl" "$DIR/ack"
"$JAVA" -cp "$JAR" io.tidepool.bench.net.EchoCost --server "$SERVER" --connections "$CONNECTIONS" \
    --warmup-ms 3000 --measure-ms "$MEASURE" --perf-control "$DIR/ctl,$DIR/ack" > "$DIR/out" &
PID=$!
# the client threads start after every connection's first echo: the server threads exist then
until grep -qs '^echo-client' /proc/$PID/task/*/comm; do
  kill -0 $PID 2>/dev/null || { echo "EchoCost exited early" >&2; exit 1; }
  sleep 0.1
done
perf stat --per-thread -p $PID -x, -e "$EVENTS" -D -1 --control "fifo:$DIR/ctl,$DIR/ack" \
    -o "$DIR/perf" 2>/dev/null &
PERF=$!
wait $PID
wait $PERF || true
cat "$DIR/out"
RT=$(sed -n 's/.*roundTrips=\([0-9]*\).*/\1/p' "$DIR/out")
# perf -x, lines: comm-tid,count,unit,event,...; keep the server threads (echo-, not echo-client)
[ -n "${PER_THREAD:-}" ] && grep -E "^echo-" "$DIR/perf"
awk -F, -v rt="$RT" '$1 ~ /^echo-/ && $1 !~ /^echo-client/ { n[$4] += $2 }
  END { for (e in n) printf "  %-32s %8.3f per round trip\n", e, n[e] / rt }' "$DIR/perf" | sort
