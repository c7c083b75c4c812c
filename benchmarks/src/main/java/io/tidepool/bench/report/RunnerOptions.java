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
 *   --quick | --full       quick: 1 fork, 2 x 0.5 s warm-up, 3 x 0.5 s measurement (default)
 *                          full:  3 forks, 5 x 1 s warm-up, 5 x 1 s measurement
 *   --shapes a,b           tokio names (default: all)
 *   --executors x,y        tidepool,forkjoin,forkjoin-async,threadpool,virtual
 *                          (default: all that this JVM runs; virtual needs JDK 21+)
 *   --pool-size n          threads per executor (default 2)
 *   --submitters 1,2,4,8   remote_spawn_contention threads (default: quick 1,4; full 1,2,4,8)
 *   --forks n --warmups n --iterations n --time-ms n   override the mode's settings
 *   --out path             markdown report (default docs/benchmarks.md)
 *   --chart path           PNG chart (default: benchmarks.png next to the report)
 *   --verbose              show JMH's own output
 * </pre>
 */
final class RunnerOptions {
    boolean full;
    List<Shape> shapes = Arrays.asList(Shape.values());
    List<String> executors = defaultExecutors();
    int poolSize = 2;
    List<Integer> submitters;
    int forks;
    int warmups;
    int iterations;
    int timeMs;
    Path out = Path.of("docs", "benchmarks.md");
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
                case "--out" -> o.out = Path.of(value(args, ++i, a));
                case "--chart" -> o.chart = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        o.forks = forks != null ? forks : o.full ? 3 : 1;
        o.warmups = warmups != null ? warmups : o.full ? 5 : 2;
        o.iterations = iterations != null ? iterations : o.full ? 5 : 3;
        o.timeMs = timeMs != null ? timeMs : o.full ? 1000 : 500;
        if (o.submitters == null) {
            o.submitters = o.full ? List.of(1, 2, 4, 8) : List.of(1, 4);
        }
        if (o.chart == null) {
            Path dir = o.out.toAbsolutePath().getParent();
            o.chart = dir.resolve("benchmarks.png");
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
