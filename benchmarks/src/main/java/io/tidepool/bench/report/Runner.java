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

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import io.tidepool.bench.scheduler.Completion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.util.Statistics;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the scheduler comparison through the JMH API and writes the report.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.tidepool.bench.report.Runner [--quick|--full] [options]
 * </pre>
 *
 * Each shape x executor (x submitter count) is one JMH run with the GC profiler, in its own
 * forks, on the JVM that runs this class. Afterwards the runner prints the ratio table,
 * replaces this JDK's generated section of the markdown report and draws the chart: under
 * {@code target/benchmarks/} by default, so that a run never modifies a tracked file, and in
 * {@code docs/} ({@code docs/benchmarks.md}, {@code docs/benchmarks-jdkN.png}) with
 * {@code --publish}. See {@link RunnerOptions} for the options.
 */
public final class Runner {
    private static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private Runner() {
    }

    /**
     * Entry point.
     *
     * @param args see {@link RunnerOptions}
     */
    public static void main(String[] args) throws Exception {
        final RunnerOptions o;
        try {
            o = RunnerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: Runner [--quick|--full] [--shapes a,b] [--executors x,y] [--pool-size n]"
                    + " [--submitters 1,2,4,8] [--forks n] [--warmups n] [--iterations n] [--time-ms n]"
                    + " [--polluted a,b|none] [--burst-gaps 50,500,5000] [--burst-chains 1,100] [--publish]"
                    + " [--out target/benchmarks/benchmarks.md] [--chart path.png] [--verbose]");
            System.exit(2);
            return;
        }
        final String command = command(args);
        final String date = ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        System.out.println("tidepool scheduler comparison, " + o.modeLabel() + ", JDK " + Machine.jdk());

        List<Job> jobs = jobs(o);
        System.out.printf(Locale.ROOT, "%d runs, estimated %.0f s (forks %d x (%d + %d) x %d ms, plus %.1f s a fork)%n",
                jobs.size(), o.estimateSeconds(jobs.size()), o.forks, o.warmups, o.iterations, o.timeMs,
                RunnerOptions.FORK_OVERHEAD_SECONDS);
        Comparison comparison = new Comparison(o.executors);
        int failures = 0;
        long started = System.nanoTime();
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            System.out.printf(Locale.ROOT, "[%d/%d] %-28s %-15s ", i + 1, jobs.size(), job.row(), job.executor);
            System.out.flush();
            long t0 = System.nanoTime();
            try {
                if (job.shape.isLatency()) {
                    Latency l = runLatency(job, o);
                    comparison.add(l);
                    System.out.printf(Locale.ROOT, "p50 %8.1f  p99 %8.1f  p99.9 %8.1f µs  (%ds)%n", l.p50(), l.p99(),
                            l.p999(), (System.nanoTime() - t0) / 1_000_000_000L);
                    continue;
                }
                Measured m = run(job, o);
                comparison.add(m);
                System.out.printf(Locale.ROOT, "%10.2f M %-8s %8.1f B/task  (%ds)%n", m.score() / 1e6,
                        m.shape().unit(), m.bytesPerTask(), (System.nanoTime() - t0) / 1_000_000_000L);
            } catch (RunnerException | RuntimeException e) {
                String reason = reason(e, job.shape);
                if (!reason.startsWith(Comparison.STARVED)) {
                    // a starved cell is a result (the executor is unfair), not a broken run
                    failures++;
                }
                comparison.addFailure(job.row(), job.shape, job.executor, reason);
                System.out.println("FAILED: " + reason + (o.verbose ? "" : " (--verbose shows JMH's output)"));
            }
        }
        System.out.printf(Locale.ROOT, "%n%d of %d runs failed; took %d s%n%n", failures, jobs.size(),
                (System.nanoTime() - started) / 1_000_000_000L);
        if (comparison.rows().isEmpty() && comparison.latencyRows().isEmpty()) {
            System.err.println("nothing was measured; no report written");
            System.exit(1);
        }
        System.out.println("JDK: " + Machine.jdk());
        System.out.println(comparison.ratioText());
        if (!comparison.latencyRows().isEmpty()) {
            System.out.println();
            System.out.println(comparison.latencyText());
        }

        Path chart = o.chart;
        Path reportDir = o.out.toAbsolutePath().getParent();
        String chartLink = reportDir.relativize(chart.toAbsolutePath()).toString().replace('\\', '/');
        // a run of the latency shape alone has no throughput to draw
        final boolean drawn = ThroughputChart.write(comparison, "tidepool vs JDK executors, pool size " + o.poolSize
                + ", " + (o.full ? "full run" : "QUICK run (indicative)") + ", JDK " + Runtime.version().feature(), chart);
        MarkdownReport.write(o.out, MarkdownReport.section(comparison, o, command, date, drawn ? chartLink : null));
        System.out.println("\nwrote " + o.out + (drawn ? " and " + chart : "")
                + (o.publish ? "" : " (--publish writes into docs/ instead)"));
        if (failures > 0) {
            System.exit(1);
        }
    }

    /**
     * The runs, in report order: per shape, per submitter count or burst setting, the clean
     * profile and then (if asked for) the polluted one, per executor.
     */
    static List<Job> jobs(RunnerOptions o) {
        List<Job> jobs = new ArrayList<>();
        for (Shape shape : o.shapes) {
            List<Map<String, String>> variants = new ArrayList<>();
            if (shape.isLatency()) {
                for (int gap : o.burstGaps) {
                    for (int chain : o.burstChains) {
                        variants.add(Map.of("gapMicros", Integer.toString(gap), "chain", Integer.toString(chain)));
                    }
                }
            } else {
                List<String> profiles = o.polluted.contains(shape) ? List.of("clean", "polluted") : List.of("clean");
                for (Integer n : shape.hasSubmitters() ? o.submitters : List.of(0)) {
                    for (String profile : profiles) {
                        Map<String, String> params = new LinkedHashMap<>();
                        if (shape.hasSubmitters()) {
                            params.put("submitters", n.toString());
                        }
                        if (profile.equals("polluted")) {
                            params.put("profile", profile);
                        }
                        variants.add(params);
                    }
                }
            }
            for (Map<String, String> params : variants) {
                for (String executor : o.executors) {
                    if (shape.supports(executor)) {
                        jobs.add(new Job(shape, params, executor));
                    }
                }
            }
        }
        return jobs;
    }

    private static ChainedOptionsBuilder options(Job job, RunnerOptions o) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(job.shape.includePattern())
                .param("executor", job.executor)
                .param("poolSize", Integer.toString(o.poolSize))
                .forks(o.forks)
                .warmupIterations(o.warmups)
                .warmupTime(TimeValue.milliseconds(o.timeMs))
                .measurementIterations(o.iterations)
                .measurementTime(TimeValue.milliseconds(o.timeMs))
                .shouldFailOnError(true)
                .jvmArgsAppend(forkJvmArgs())
                .verbosity(o.verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
        job.params.forEach(b::param);
        return b;
    }

    private static RunResult single(ChainedOptionsBuilder b) throws RunnerException {
        Collection<RunResult> results = new org.openjdk.jmh.runner.Runner(b.build()).run();
        if (results.size() != 1) {
            throw new IllegalStateException("expected one result, got " + results.size());
        }
        return results.iterator().next();
    }

    private static Measured run(Job job, RunnerOptions o) throws RunnerException {
        RunResult r = single(options(job, o).addProfiler(GCProfiler.class));
        Result<?> primary = r.getPrimaryResult();
        Result<?> alloc = r.getSecondaryResults().get(ALLOC_NORM);
        double bytesPerTask = alloc == null ? Double.NaN : alloc.getScore() / job.shape.tasksPerScoredOp();
        return new Measured(job.row(), job.shape, job.executor, primary.getScore(), primary.getScoreError(),
                bytesPerTask);
    }

    private static Latency runLatency(Job job, RunnerOptions o) throws RunnerException {
        Result<?> primary = single(options(job, o)).getPrimaryResult();
        Statistics st = primary.getStatistics();
        return new Latency(job.row(), job.executor, primary.getScore(), primary.getScoreError(),
                st.getPercentile(50), st.getPercentile(99), st.getPercentile(99.9), st.getN());
    }

    /**
     * A short reason for a failed run: "starved" for a timed-out operation of the busy shape,
     * "timed out" for one of another shape (a lost task), else the root exception's message.
     */
    static String reason(Throwable e, Shape shape) {
        Throwable root = e;
        Deque<Throwable> todo = new ArrayDeque<>(List.of(e));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Throwable t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            String msg = String.valueOf(t.getMessage());
            if (msg.startsWith(Completion.TIMEOUT_MESSAGE)) {
                String detail = msg.replace(Completion.TIMEOUT_MESSAGE, "no operation completed in ");
                return (shape == Shape.SPAWN_MANY_REMOTE_BUSY ? Comparison.STARVED : "timed out") + " (" + detail + ")";
            }
            root = t;
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(Arrays.asList(t.getSuppressed()));
        }
        String msg = root.getClass().getSimpleName() + ": " + root.getMessage();
        return "failed (" + (msg.length() > 100 ? msg.substring(0, 100) + "..." : msg) + ")";
    }

    /**
     * The forks' extra JVM arguments, which replace the benchmarks' {@code @Fork(jvmArgsAppend)}:
     * the same fixed heap, and on JDK 23+ permission for JMH's own use of
     * {@code sun.misc.Unsafe}, which otherwise prints a warning in every fork (JEP 471).
     */
    private static String[] forkJvmArgs() {
        return Runtime.version().feature() >= 23
                ? new String[] {"-Xms1g", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"}
                : new String[] {"-Xms1g", "-Xmx1g"};
    }

    /** The command line that reproduces this run, as written into the report. */
    private static String command(String[] args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        StringBuilder sb = new StringBuilder(java);
        for (String jvmArg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            sb.append(' ').append(jvmArg);
        }
        sb.append(" -cp ")
                .append(System.getProperty("java.class.path")).append(' ').append(Runner.class.getName());
        for (String a : args) {
            sb.append(' ').append(a);
        }
        return sb.toString();
    }

    /** One JMH run: a shape with its parameters (submitters, profile, burst setting) on one executor. */
    record Job(Shape shape, Map<String, String> params, String executor) {
        /** The row label: {@code remote_spawn_contention/4}, {@code chained_spawn [polluted]}, ... */
        String row() {
            StringBuilder sb = new StringBuilder(shape.label());
            if (params.containsKey("submitters")) {
                sb.append('/').append(params.get("submitters"));
            }
            if (params.containsKey("gapMicros")) {
                sb.append(" gap=").append(params.get("gapMicros")).append("us chain=").append(params.get("chain"));
            }
            if (params.containsKey("profile")) {
                sb.append(" [").append(params.get("profile")).append(']');
            }
            return sb.toString();
        }
    }
}
