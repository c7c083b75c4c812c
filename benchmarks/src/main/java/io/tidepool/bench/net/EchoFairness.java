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

import java.util.Arrays;

/**
 * How evenly a server served its connections in the measurement window: the round trips each
 * connection completed, as min / median / max, and Jain's fairness index over them.
 *
 * <p>A figure of shape, not of speed: on a machine loaded by other work every count shrinks,
 * but a server that serves some connections far more often than others keeps a wide spread
 * and a low index. In a closed loop (one echo in flight per connection) a connection served
 * half as often waits twice as long per round trip, so the spread is what a high p99 over
 * every connection's round trips looks like from the connections' side.
 *
 * <p>Each connection's own p99 tells apart two causes of a high p99 over all round trips: if
 * the median connection's p99 is as high, every connection sees the slow round trips (stalls
 * of the whole server, or of the machine); if only the worst connections' p99 is, the server
 * serves some connections worse than others.
 *
 * <p>Jain's index (Jain, Chiu, Hawe, DEC-TR-301, 1984) is {@code (sum x)^2 / (n * sum x^2)}:
 * 1 when every connection completed the same count, {@code k / n} when {@code k} of
 * {@code n} connections got everything.
 *
 * @param min the fewest round trips a connection completed
 * @param median the median count (the lower middle one for an even number of connections)
 * @param max the most round trips a connection completed
 * @param jain Jain's index, in {@code (0, 1]}; NaN when no connection completed any
 * @param p99MedianMicros the median over connections of each connection's own p99 latency
 * @param p99MaxMicros the highest of the connections' own p99 latencies
 */
record EchoFairness(long min, long median, long max, double jain, double p99MedianMicros, double p99MaxMicros) {
    /** No connections measured. */
    static final EchoFairness NONE = new EchoFairness(0, 0, 0, Double.NaN, 0, 0);

    /**
     * Computes the figures of {@code perConnection}, one count per connection.
     *
     * @param perConnection round trips completed by each connection; not modified
     * @param p99Nanos each connection's own p99 latency in ns, same order and length; not modified
     * @return the figures, or {@link #NONE} when the arrays are empty
     * @throws IllegalArgumentException if the arrays differ in length
     */
    static EchoFairness of(long[] perConnection, long[] p99Nanos) {
        if (perConnection.length != p99Nanos.length) {
            throw new IllegalArgumentException("one p99 per connection: " + perConnection.length
                    + " counts, " + p99Nanos.length + " p99s");
        }
        if (perConnection.length == 0) {
            return NONE;
        }
        long[] p99 = p99Nanos.clone();
        Arrays.sort(p99);
        long[] sorted = perConnection.clone();
        Arrays.sort(sorted);
        double sum = 0;
        double squares = 0;
        for (long x : sorted) {
            sum += x;
            squares += (double) x * x;
        }
        double jain = squares == 0 ? Double.NaN : sum * sum / (sorted.length * squares);
        int mid = (sorted.length - 1) / 2;
        return new EchoFairness(sorted[0], sorted[mid], sorted[sorted.length - 1], jain, p99[mid] / 1_000.0,
                p99[p99.length - 1] / 1_000.0);
    }

    /** {@return the most served connection's count over the least served one's; infinite if that is 0} */
    double spread() {
        return min == 0 ? Double.POSITIVE_INFINITY : (double) max / min;
    }
}
