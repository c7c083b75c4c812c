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

package io.tidepool.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measured cells arranged as rows (shapes) by executors, with the ratios the report is
 * about: tidepool / best peer and tidepool / forkjoin, and whether tidepool and the best peer
 * are apart at all (their 99.9% confidence intervals do not overlap) or level.
 *
 * <p>Latency rows ({@link Shape#isLatency()}) are kept apart from the throughput rows: lower is
 * better there, and the report compares percentiles.
 */
final class Comparison {
    static final String TIDEPOOL = "tidepool";
    static final String FORKJOIN = "forkjoin";

    private final List<String> executors;
    private final Map<String, Map<String, Measured>> rows = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> failures = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();
    private final Map<String, Map<String, Latency>> latency = new LinkedHashMap<>();

    Comparison(List<String> executors) {
        this.executors = List.copyOf(executors);
    }

    void add(Measured m) {
        rows.computeIfAbsent(m.row(), r -> new LinkedHashMap<>()).put(m.executor(), m);
        units.put(m.row(), m.shape().unit());
    }

    /** Records that {@code executor} produced no result for {@code row}, and why. */
    void addFailure(String row, Shape shape, String executor, String reason) {
        if (shape.isLatency()) {
            latency.computeIfAbsent(row, r -> new LinkedHashMap<>());
        } else {
            rows.computeIfAbsent(row, r -> new LinkedHashMap<>());
        }
        units.put(row, shape.unit());
        failures.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(executor, reason);
    }

    void add(Latency l) {
        latency.computeIfAbsent(l.row(), r -> new LinkedHashMap<>()).put(l.executor(), l);
    }

    /** The latency rows, in the order they were run. */
    List<String> latencyRows() {
        return new ArrayList<>(latency.keySet());
    }

    /** The latency cell, or null when it was not measured (or failed). */
    Latency latency(String row, String executor) {
        Map<String, Latency> cells = latency.get(row);
        return cells == null ? null : cells.get(executor);
    }

    /**
     * The peer with the lowest value of {@code percentile} in a latency row, or null.
     *
     * @param percentile 50 or 99
     */
    Latency bestLatencyPeer(String row, int percentile) {
        Latency best = null;
        for (Latency l : latency.get(row).values()) {
            if (!l.executor().equals(TIDEPOOL) && (best == null || pct(l, percentile) < pct(best, percentile))) {
                best = l;
            }
        }
        return best;
    }

    /** tidepool's {@code percentile} over the best peer's; below 1.00x tidepool is faster. */
    String latencyRatio(String row, int percentile) {
        Latency t = latency(row, TIDEPOOL);
        Latency b = bestLatencyPeer(row, percentile);
        if (t == null || b == null) {
            return "-";
        }
        return times(pct(t, percentile) / pct(b, percentile)) + " (" + b.executor() + ")";
    }

    private static double pct(Latency l, int percentile) {
        return percentile == 50 ? l.p50() : l.p99();
    }

    /** Why a cell has no result, or null. */
    String failure(String row, String executor) {
        Map<String, String> f = failures.get(row);
        return f == null ? null : f.get(executor);
    }

    List<String> executors() {
        return executors;
    }

    List<String> rows() {
        return new ArrayList<>(rows.keySet());
    }

    /** The cell, or null when it was not measured (or failed). */
    Measured cell(String row, String executor) {
        Map<String, Measured> cells = rows.get(row);
        return cells == null ? null : cells.get(executor);
    }

    /** The unit of a row's scores. */
    String unit(String row) {
        return units.get(row);
    }

    /** The fastest executor other than tidepool in {@code row}, or null. */
    Measured bestPeer(String row) {
        Measured best = null;
        for (Measured m : rows.get(row).values()) {
            if (!m.executor().equals(TIDEPOOL) && (best == null || m.score() > best.score())) {
                best = m;
            }
        }
        return best;
    }

    /** tidepool's score over {@code other}'s, NaN if either is missing. */
    double ratio(String row, Measured other) {
        Measured t = cell(row, TIDEPOOL);
        return t == null || other == null ? Double.NaN : t.score() / other.score();
    }

    /**
     * tidepool against the best peer in {@code row}: "level (1.05x)" when their 99.9% confidence
     * intervals overlap, else "1.30x ahead" or "0.70x behind"; "-" when either is missing.
     */
    String verdict(String row) {
        Measured t = cell(row, TIDEPOOL);
        Measured b = bestPeer(row);
        if (t == null || b == null) {
            return "-";
        }
        double ratio = t.score() / b.score();
        if (Double.isNaN(t.error()) || Double.isNaN(b.error())) {
            return times(ratio) + " (no interval)";
        }
        boolean overlap = t.score() - t.error() <= b.score() + b.error()
                && b.score() - b.error() <= t.score() + t.error();
        if (overlap) {
            return "level (" + times(ratio) + ")";
        }
        return times(ratio) + (ratio > 1 ? " ahead" : " behind");
    }

    /** The ratio table as fixed-width text for the console. */
    String ratioText() {
        StringBuilder sb = new StringBuilder();
        String format = "%-36s %20s %34s %22s %10s%n";
        sb.append(String.format(Locale.ROOT, format, "shape", "tidepool", "best peer", "tidepool vs best",
                "tp/fjp"));
        for (String row : rows()) {
            Measured best = bestPeer(row);
            sb.append(String.format(Locale.ROOT, format, row, withError(row, TIDEPOOL),
                    best == null ? "-" : best.executor() + " " + withError(row, best.executor()),
                    verdict(row), times(ratio(row, cell(row, FORKJOIN)))));
        }
        sb.append("(millions per second ± 99.9% interval: tasks, or pairs for ping_pong, yields for yield_many;"
                + " \"level\" where the intervals overlap)");
        return sb.toString();
    }

    /** The latency rows as fixed-width text for the console: p50 / p99 / p99.9 per executor. */
    String latencyText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-36s", "latency (µs, p50 / p99 / p99.9)"));
        for (String e : executors) {
            sb.append(String.format(Locale.ROOT, " %24s", e));
        }
        sb.append(String.format(Locale.ROOT, " %26s %26s%n", "tp/best p50", "tp/best p99"));
        for (String row : latencyRows()) {
            sb.append(String.format(Locale.ROOT, "%-36s", row));
            for (String e : executors) {
                Latency l = latency(row, e);
                sb.append(String.format(Locale.ROOT, " %24s", l == null ? "-" : percentiles(l)));
            }
            sb.append(String.format(Locale.ROOT, " %26s %26s%n", latencyRatio(row, 50), latencyRatio(row, 99)));
        }
        return sb.toString();
    }

    static String percentiles(Latency l) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", l.p50(), l.p99(), l.p999());
    }

    /** A cell in millions per second with its interval, or its failure in a word. */
    String withError(String row, String executor) {
        Measured m = cell(row, executor);
        if (m == null || Double.isNaN(m.error())) {
            return shortCell(row, executor);
        }
        return String.format(Locale.ROOT, "%.2f ± %.2f M", m.score() / 1e6, m.error() / 1e6);
    }

    /** A cell in millions per second, or its failure in a word, or "-" if not run. */
    String shortCell(String row, String executor) {
        Measured m = cell(row, executor);
        if (m != null) {
            return millions(m);
        }
        String f = failure(row, executor);
        return f == null ? "-" : f.startsWith(STARVED) ? STARVED : "failed";
    }

    static final String STARVED = "starved";

    static String millions(Measured m) {
        return m == null ? "-" : String.format(Locale.ROOT, "%.2f M", m.score() / 1e6);
    }

    static String times(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
    }
}
