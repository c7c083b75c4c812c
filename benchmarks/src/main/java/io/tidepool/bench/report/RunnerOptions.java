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

import io.tidepool.bench.scheduler.ExecutorKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line options of {@link Runner}, with the settings of the two modes.
 *
 * <pre>
 *   --quick | --full       quick: 1 fork, 2 x 0.5 s warm-up, 5 x 0.5 s measurement, the
 *                          {@link #QUICK_SHAPES} on {@link #QUICK_EXECUTORS} (default)
 *                          full:  3 forks, 5 x 1 s warm-up, 5 x 1 s measurement, everything
 *   --shapes a,b           tokio names (default: quick's list, or all)
 *   --executors x,y        tidepool,forkjoin,forkjoin-async,threadpool,virtual
 *                          (default: quick's list, or all that this JVM runs; virtual needs JDK 21+)
 *   --pool-size n          threads per executor (default 2)
 *   --submitters 1,2,4,8   remote_spawn_contention threads (default: quick 4; full 1,2,4,8)
 *   --polluted a,b|none    shapes also run after {@code Pollution} (default: quick
 *                          spawn_many_local,chained_spawn; full every pollutable shape)
 *   --burst-gaps 50,500,5000   burst_after_idle idle gaps in µs (default: quick 500; full all three)
 *   --burst-chains 1,100   burst_after_idle chain lengths (default 1,100)
 *   --forks n --warmups n --iterations n --time-ms n   override the mode's settings
 *   --publish              write into docs/ (the published report) instead of target/benchmarks/
 *   --out path             markdown report (default target/benchmarks/benchmarks.md, or
 *                          docs/benchmarks.md with --publish)
 *   --chart path           PNG chart (default: benchmarks-jdkN.png next to the report)
 *   --verbose              show JMH's own output
 * </pre>
 */
final class RunnerOptions {
    /** The shapes of a quick run: the tokio shapes ForkJoinPool completes, and the burst. */
    static final List<Shape> QUICK_SHAPES = List.of(Shape.SPAWN_MANY_REMOTE, Shape.SPAWN_MANY_LOCAL,
            Shape.REMOTE_SPAWN_CONTENTION, Shape.CHAINED_SPAWN, Shape.PING_PONG, Shape.YIELD_MANY,
            Shape.BURST_AFTER_IDLE);

    /** The executors of a quick run: tidepool and the ForkJoinPool it has to beat, both modes. */
    static final List<String> QUICK_EXECUTORS = List.of("tidepool", "forkjoin", "forkjoin-async");

    /** Where a run writes when not publishing: under the build directory, never a tracked file. */
    static final Path DEFAULT_OUT = Path.of("target", "benchmarks", "benchmarks.md");

    /** Where {@code --publish} writes. */
    static final Path PUBLISHED_OUT = Path.of("docs", "benchmarks.md");

    /** Seconds a fork costs beyond its iterations (JVM start, set-up, tear-down), for the estimate. */
    static final double FORK_OVERHEAD_SECONDS = 1.5;

    boolean full;
    List<Shape> shapes;
    List<String> executors;
    int poolSize = 2;
    List<Integer> submitters;
    List<Shape> polluted;
    List<Integer> burstGaps;
    List<Integer> burstChains;
    int forks;
    int warmups;
    int iterations;
    int timeMs;
    boolean publish;
    Path out;
    Path chart;
    boolean verbose;

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming the bad option or value
     */
    static RunnerOptions parse(String[] args) {
        RunnerOptions o = new RunnerOptions();
        Integer forks = null;
        Integer warmups = null;
        Integer iterations = null;
        Integer timeMs = null;
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            switch (a) {
                case "--quick" -> o.full = false;
                case "--full" -> o.full = true;
                case "--verbose" -> o.verbose = true;
                case "--shapes" -> o.shapes = split(value(args, ++i, a)).stream().map(Shape::of).toList();
                case "--executors" -> o.executors = split(value(args, ++i, a)).stream()
                        .map(e -> ExecutorKind.of(e).paramName()).toList();
                case "--pool-size" -> o.poolSize = positive(a, value(args, ++i, a));
                case "--submitters" -> o.submitters = split(value(args, ++i, a)).stream()
                        .map(s -> positive(a, s)).toList();
                case "--forks" -> forks = positive(a, value(args, ++i, a));
                case "--warmups" -> warmups = nonNegative(a, value(args, ++i, a));
                case "--iterations" -> iterations = positive(a, value(args, ++i, a));
                case "--time-ms" -> timeMs = positive(a, value(args, ++i, a));
                case "--polluted" -> o.polluted = pollutable(value(args, ++i, a));
                case "--burst-gaps" -> o.burstGaps = split(value(args, ++i, a)).stream()
                        .map(g -> nonNegative(a, g)).toList();
                case "--burst-chains" -> o.burstChains = split(value(args, ++i, a)).stream()
                        .map(c -> positive(a, c)).toList();
                case "--publish" -> o.publish = true;
                case "--out" -> o.out = Path.of(value(args, ++i, a));
                case "--chart" -> o.chart = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        o.forks = forks != null ? forks : o.full ? 3 : 1;
        o.warmups = warmups != null ? warmups : o.full ? 5 : 2;
        o.timeMs = timeMs != null ? timeMs : o.full ? 1000 : 500;
        o.iterations = iterations != null ? iterations : 5;
        if (o.shapes == null) {
            o.shapes = o.full ? Arrays.asList(Shape.values()) : QUICK_SHAPES;
        }
        if (o.executors == null) {
            o.executors = o.full ? defaultExecutors() : QUICK_EXECUTORS;
        }
        if (o.submitters == null) {
            o.submitters = o.full ? List.of(1, 2, 4, 8) : List.of(4);
        }
        if (o.polluted == null) {
            o.polluted = o.full
                    ? Arrays.stream(Shape.values()).filter(s -> s.isPollutable() && !s.hasSubmitters()).toList()
                    : List.of(Shape.SPAWN_MANY_LOCAL, Shape.CHAINED_SPAWN);
        }
        if (o.burstGaps == null) {
            o.burstGaps = o.full ? List.of(50, 500, 5000) : List.of(500);
        }
        if (o.burstChains == null) {
            o.burstChains = List.of(1, 100);
        }
        if (o.out == null) {
            o.out = o.publish ? PUBLISHED_OUT : DEFAULT_OUT;
        }
        if (o.chart == null) {
            Path dir = o.out.toAbsolutePath().getParent();
            o.chart = dir.resolve("benchmarks-jdk" + Runtime.version().feature() + ".png");
        }
        for (String e : o.executors) {
            if (!ExecutorKind.of(e).isAvailable()) {
                throw new IllegalArgumentException("executor " + e + " needs JDK "
                        + ExecutorKind.VIRTUAL_MIN_JDK + "+; this is JDK " + Runtime.version().feature());
            }
        }
        return o;
    }

    /** The label written into the report: QUICK or FULL plus any overridden settings. */
    String modeLabel() {
        return (full ? "full" : "quick") + " (forks " + forks + ", warm-up " + warmups + " x " + timeMs
                + " ms, measurement " + iterations + " x " + timeMs + " ms)";
    }

    /** Estimated wall time of {@code jobs} runs: forks x (warm-up + measurement + overhead). */
    double estimateSeconds(int jobs) {
        return jobs * forks * ((warmups + iterations) * timeMs / 1000.0 + FORK_OVERHEAD_SECONDS);
    }

    private static List<Shape> pollutable(String csv) {
        if (csv.trim().equals("none")) {
            return List.of();
        }
        return split(csv).stream().map(Shape::of).peek(s -> {
            if (!s.isPollutable()) {
                throw new IllegalArgumentException("--polluted: shape has no polluted variant: " + s.label());
            }
        }).toList();
    }

    private static List<String> defaultExecutors() {
        List<String> all = new ArrayList<>();
        for (ExecutorKind k : ExecutorKind.values()) {
            if (k.isAvailable()) {
                all.add(k.paramName());
            }
        }
        return all;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static int positive(String option, String value) {
        int v = Integer.parseInt(value);
        if (v < 1) {
            throw new IllegalArgumentException(option + " must be >= 1: " + v);
        }
        return v;
    }

    private static int nonNegative(String option, String value) {
        int v = Integer.parseInt(value);
        if (v < 0) {
            throw new IllegalArgumentException(option + " must be >= 0: " + v);
        }
        return v;
    }
}
