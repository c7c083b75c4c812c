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

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints one connection count's results as a markdown table. */
final class EchoTable {
    /** The server the ratio columns divide by: the bar of issue 18. */
    static final String BASELINE = ServerKind.NETTY.label();

    private EchoTable() {
    }

    /**
     * Prints the table of {@code connections}: one row per result, ratios against
     * {@link #BASELINE} when it ran, then the failures.
     */
    static void print(PrintStream out, int connections, List<EchoResult> results, List<String> failures) {
        EchoResult baseline = results.stream().filter(r -> r.server().equals(BASELINE)).findFirst().orElse(null);
        out.printf(Locale.ROOT, "%n### %,d connection%s%n%n", connections, connections == 1 ? "" : "s");
        out.println("| server | round trips/s | vs " + BASELINE + " | p50 µs | p99 µs | p99 vs " + BASELINE
                + " | p99.9 µs | max µs | CPU µs/rt outside client | client CPU µs/rt | rt/conn min / median / max | Jain | conn p99 µs median / max | idle conns | errors |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (EchoResult r : results) {
            out.printf(Locale.ROOT, "| %s | %,.0f | %s | %.1f | %.1f | %s | %.1f | %.0f | %.2f | %.2f | %,d / %,d / %,d | %.4f | %.0f / %.0f | %d | %d |%n",
                    r.server(), r.throughput(),
                    baseline == null ? "-" : ratio(r.throughput(), baseline.throughput()),
                    r.p50Micros(), r.p99Micros(),
                    baseline == null ? "-" : ratio(r.p99Micros(), baseline.p99Micros()),
                    r.p999Micros(), r.maxMicros(), r.otherCpuMicrosPerRoundTrip(), r.clientCpuMicrosPerRoundTrip(),
                    r.fairness().min(), r.fairness().median(), r.fairness().max(), r.fairness().jain(),
                    r.fairness().p99MedianMicros(), r.fairness().p99MaxMicros(),
                    r.idleConnections(), r.errors());
        }
        for (String failure : failures) {
            out.println();
            out.println("failed: " + failure);
        }
        out.flush();
    }

    private static String ratio(double value, double base) {
        return base > 0 ? String.format(Locale.ROOT, "%.2fx", value / base) : "-";
    }
}
