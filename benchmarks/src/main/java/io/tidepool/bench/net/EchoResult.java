/*
 * Copyright 2026 the tidepool authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */


package io.tidepool.bench.net;

/**
 * What one client run against one server measured, over the measurement window only.
 *
 * @param server the server's name ({@link ServerKind#label()})
 * @param connections how many connections the client kept busy
 * @param roundTrips echo round trips completed in the window
 * @param seconds the window's length
 * @param p50Micros median round-trip latency
 * @param p99Micros 99th percentile round-trip latency
 * @param p999Micros 99.9th percentile round-trip latency
 * @param maxMicros the slowest round trip
 * @param idleConnections connections that completed no round trip in the window
 * @param errors echoes that differed from what was sent, plus connections the server closed
 * @param clientCpuNanos CPU time of the client's threads in the window
 * @param processCpuNanos CPU time of the whole JVM in the window (server, client, GC, JIT)
 * @param fairness how evenly the round trips spread over the connections
 */
record EchoResult(String server, int connections, long roundTrips, double seconds, double p50Micros,
        double p99Micros, double p999Micros, double maxMicros, int idleConnections, long errors,
        long clientCpuNanos, long processCpuNanos, EchoFairness fairness) {

    /** {@return round trips per second} */
    double throughput() {
        return roundTrips / seconds;
    }

    /**
     * CPU time per round trip spent outside the client's threads: the server's threads, plus
     * whatever the JVM ran besides (GC, JIT compiler); NaN when the JVM does not report process
     * CPU time or nothing completed.
     *
     * @return microseconds per round trip
     */
    double otherCpuMicrosPerRoundTrip() {
        if (processCpuNanos < 0 || roundTrips == 0) {
            return Double.NaN;
        }
        return Math.max(0, processCpuNanos - clientCpuNanos) / 1_000.0 / roundTrips;
    }

    /** {@return client CPU time per round trip in microseconds, NaN when nothing completed} */
    double clientCpuMicrosPerRoundTrip() {
        return roundTrips == 0 ? Double.NaN : clientCpuNanos / 1_000.0 / roundTrips;
    }
}
