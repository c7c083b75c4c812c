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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the generated part of the report: between {@link #begin} and {@link #end} of the
 * running JDK's feature release, so that hand-written notes elsewhere in the file, and the
 * other JDK's section, survive a rerun.
 *
 * <p>If the file does not exist it is created with a title and the section; if it exists
 * without this JDK's markers, the section is appended.
 */
final class MarkdownReport {
    private MarkdownReport() {
    }

    /** The opening marker of JDK {@code feature}'s generated section. */
    static String begin(int feature) {
        return "<!-- BEGIN GENERATED JDK " + feature + " by io.tidepool.bench.report.Runner:"
                + " rerunning the runner on this JDK replaces everything up to END GENERATED JDK " + feature + " -->";
    }

    /** The closing marker of JDK {@code feature}'s generated section. */
    static String end(int feature) {
        return "<!-- END GENERATED JDK " + feature + " -->";
    }

    /** The generated section, markers included; {@code chartLink} null when no chart was drawn. */
    static String section(Comparison c, RunnerOptions o, String command, String date, String chartLink) {
        StringBuilder sb = new StringBuilder();
        final int feature = Runtime.version().feature();
        sb.append(begin(feature)).append("\n\n");
        sb.append("## Scheduler comparison, JDK ").append(feature)
                .append(o.full ? "" : " (QUICK run: indicative only)").append("\n\n");
        if (!o.full) {
            sb.append("> Quick mode: one fork and short iterations; errors of 20-50% are common on a\n"
                    + "> shared 2-core machine. Publish only numbers from `--full` (3+ forks).\n\n");
        }
        sb.append("- Command: `").append(command).append("`\n");
        sb.append("- Mode: ").append(o.modeLabel()).append(", pool size ").append(o.poolSize)
                .append(" for every executor, JMH `-prof gc`\n");
        sb.append("- JDK: ").append(Machine.jdk()).append("\n");
        sb.append("- Machine: nproc ").append(Machine.nproc()).append(", ").append(Machine.cpuModel())
                .append(", ").append(Machine.os()).append("\n");
        sb.append("- Date: ").append(date).append("\n\n");

        if (!c.rows().isEmpty()) {
            ratios(sb, c, o);
        }
        pollution(sb, c);
        latency(sb, c);

        if (!c.rows().isEmpty()) {
            allocation(sb, c);
        }
        if (chartLink != null) {
            sb.append("\n![throughput per shape and executor](").append(chartLink).append(")\n");
        }
        sb.append('\n');

        sb.append(end(feature)).append('\n');
        return sb.toString();
    }

    /** The ratio table: tidepool against the best peer, with intervals and a verdict. */
    private static void ratios(StringBuilder sb, Comparison c, RunnerOptions o) {
        sb.append("### Ratios on ").append(Machine.jdk()).append("\n\n");
        sb.append("Throughput of tidepool against the best other executor and `new ForkJoinPool(")
                .append(o.poolSize).append(")`, in millions per second ± the half-width of JMH's 99.9%"
                + " confidence interval. \"level\" where tidepool's interval and the best peer's overlap;"
                + " otherwise tidepool / best peer, ahead (above 1.00x) or behind. Rows marked [polluted]"
                + " ran after `Pollution` (four executors, many task classes) in the same JVM.\n\n");
        sb.append("| shape | unit | tidepool | best peer | tidepool vs best peer | tidepool / forkjoin |\n");
        sb.append("|---|---|---:|---:|---|---:|\n");
        for (String row : c.rows()) {
            Measured best = c.bestPeer(row);
            sb.append("| ").append(row).append(" | ").append(c.unit(row)).append(" | ")
                    .append(c.withError(row, Comparison.TIDEPOOL)).append(" | ")
                    .append(best == null ? "-" : best.executor() + " " + c.withError(row, best.executor()))
                    .append(" | ").append(c.verdict(row)).append(" | ")
                    .append(Comparison.times(c.ratio(row, c.cell(row, Comparison.FORKJOIN)))).append(" |\n");
        }
    }

    /** Every throughput cell with its interval and allocation. */
    private static void allocation(StringBuilder sb, Comparison c) {
        sb.append("\n### Throughput and allocation\n\n");
        sb.append("Throughput in millions per second ± the half-width of JMH's 99.9% confidence interval;"
                + " allocation in bytes per task (`gc.alloc.rate.norm` divided by the tasks in one scored"
                + " operation: 3 for a ping_pong pair, 1 otherwise).\n\n");
        sb.append("| shape | unit |");
        for (String e : c.executors()) {
            sb.append(' ').append(e).append(" |");
        }
        sb.append("\n|---|---|");
        sb.append("---:|".repeat(c.executors().size()));
        sb.append('\n');
        for (String row : c.rows()) {
            sb.append("| ").append(row).append(" | ").append(c.unit(row)).append(" |");
            for (String e : c.executors()) {
                String failure = c.failure(row, e);
                sb.append(' ').append(failure != null ? failure : cell(c.cell(row, e))).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\n\"starved\": not one operation completed within its time limit, because the executor"
                + " never took the external submissions while its workers had local work (see"
                + " `SpawnManyRemoteBusy`); \"-\": not run.\n");
    }

    /** Polluted over clean throughput per executor, for the shapes run both ways. */
    private static void pollution(StringBuilder sb, Comparison c) {
        List<String> polluted = c.rows().stream().filter(r -> r.endsWith(POLLUTED)).toList();
        if (polluted.isEmpty()) {
            return;
        }
        sb.append("\n### Polluted type profile\n\nThroughput after `Pollution` over throughput in a clean JVM,"
                + " per executor (1.00x: no cost; the intervals of both rows are in the table above).\n\n");
        sb.append("| shape |");
        c.executors().forEach(e -> sb.append(' ').append(e).append(" |"));
        sb.append("\n|---|").append("---:|".repeat(c.executors().size())).append('\n');
        for (String row : polluted) {
            String clean = row.substring(0, row.length() - POLLUTED.length());
            sb.append("| ").append(clean).append(" |");
            for (String e : c.executors()) {
                Measured p = c.cell(row, e);
                Measured q = c.cell(clean, e);
                sb.append(' ').append(p == null || q == null ? "-" : Comparison.times(p.score() / q.score()))
                        .append(" |");
            }
            sb.append('\n');
        }
    }

    private static final String POLLUTED = " [polluted]";

    /** The latency table: p50 / p99 / p99.9 per executor, and tidepool over the best peer. */
    private static void latency(StringBuilder sb, Comparison c) {
        if (c.latencyRows().isEmpty()) {
            return;
        }
        sb.append("\n### Burst after idle (latency)\n\nSubmit-to-done time of a burst (one task, or a chain of"
                + " 100 each submitting the next) after the pool idled for the gap, in µs: p50 / p99 / p99.9 of"
                + " JMH's `SampleTime` histogram, and the mean ± its 99.9% interval. Ratios: tidepool's"
                + " percentile over the best peer's; below 1.00x tidepool is faster. Percentiles carry no"
                + " interval: compare them across forks and runs before calling a difference.\n\n");
        sb.append("| burst |");
        c.executors().forEach(e -> sb.append(' ').append(e).append(" |"));
        sb.append(" tidepool / best p50 | tidepool / best p99 |\n|---|")
                .append("---:|".repeat(c.executors().size())).append("---:|---:|\n");
        for (String row : c.latencyRows()) {
            sb.append("| ").append(row).append(" |");
            for (String e : c.executors()) {
                Latency l = c.latency(row, e);
                String failure = c.failure(row, e);
                sb.append(' ').append(failure != null ? failure : l == null ? "-" : Comparison.percentiles(l)
                        + String.format(Locale.ROOT, " (mean %.1f ± %.1f, n %d)", l.mean(), l.error(), l.samples()))
                        .append(" |");
            }
            sb.append(' ').append(c.latencyRatio(row, 50)).append(" | ").append(c.latencyRatio(row, 99))
                    .append(" |\n");
        }
    }

    private static String cell(Measured m) {
        if (m == null) {
            return "-";
        }
        String err = Double.isNaN(m.error()) ? "" : String.format(Locale.ROOT, " ± %.2f", m.error() / 1e6);
        String bytes = Double.isNaN(m.bytesPerTask()) ? "n/a" : String.format(Locale.ROOT, "%.1f", m.bytesPerTask());
        return String.format(Locale.ROOT, "%.2f%s M; %s B/task", m.score() / 1e6, err, bytes);
    }

    /** Replaces the generated section of {@code file} (or creates the file) with {@code section}. */
    static void write(Path file, String section) throws IOException {
        final int feature = Runtime.version().feature();
        final String begin = begin(feature);
        final String end = end(feature);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String text;
        if (!Files.exists(file)) {
            text = "# Benchmarks\n\nHow to run them: [benchmarks/README.md](../benchmarks/README.md).\n\n" + section;
        } else {
            String old = Files.readString(file, StandardCharsets.UTF_8);
            int from = old.indexOf(begin);
            int to = old.indexOf(end);
            if (from >= 0 && to > from) {
                int after = to + end.length();
                if (after < old.length() && old.charAt(after) == '\n') {
                    after++;
                }
                text = old.substring(0, from) + section + old.substring(after);
            } else {
                text = old + (old.endsWith("\n") ? "\n" : "\n\n") + section;
            }
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
