package io.tidepool.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The measured cells arranged as rows (shapes) by executors, with the ratios the report is
 * about: tidepool / best peer and tidepool / forkjoin.
 */
final class Comparison {
    static final String TIDEPOOL = "tidepool";
    static final String FORKJOIN = "forkjoin";

    private final List<String> executors;
    private final Map<String, Map<String, Measured>> rows = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> failures = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();

    Comparison(List<String> executors) {
        this.executors = List.copyOf(executors);
    }

    void add(Measured m) {
        rows.computeIfAbsent(m.row(), r -> new LinkedHashMap<>()).put(m.executor(), m);
        units.put(m.row(), m.shape().unit());
    }

    /** Records that {@code executor} produced no result for {@code row}, and why. */
    void addFailure(String row, Shape shape, String executor, String reason) {
        rows.computeIfAbsent(row, r -> new LinkedHashMap<>());
        units.put(row, shape.unit());
        failures.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(executor, reason);
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

    /** The ratio table as fixed-width text for the console. */
    String ratioText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-28s %14s %14s %24s %10s %10s%n", "shape", "tidepool",
                "forkjoin", "best peer", "tp/best", "tp/fjp"));
        for (String row : rows()) {
            Measured best = bestPeer(row);
            sb.append(String.format(Locale.ROOT, "%-28s %14s %14s %24s %10s %10s%n", row,
                    shortCell(row, TIDEPOOL), shortCell(row, FORKJOIN),
                    best == null ? "-" : best.executor() + " " + millions(best),
                    times(ratio(row, best)), times(ratio(row, cell(row, FORKJOIN)))));
        }
        sb.append("(scores in millions per second: tasks, or pairs for ping_pong, yields for yield_many)");
        return sb.toString();
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
