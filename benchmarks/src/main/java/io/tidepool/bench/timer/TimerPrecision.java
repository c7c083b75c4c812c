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

package io.tidepool.bench.timer;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Timer precision: {@code --rate} timers per second (default 10,000) with random delays of
 * {@code --min-ms} to {@code --max-ms} (1-50 ms), armed for {@code --seconds} (10) after
 * {@code --warmup-seconds} (2) whose timers are not counted; per timer facility, the lateness
 * of each timer (the time it ran minus its deadline, the time before the {@code schedule} call
 * plus the delay) as p50 / p99 / p99.9 / max / min in µs, in one markdown table.
 *
 * <p>One driver thread outside the facility arms the timers at the rate, in small batches when
 * it wakes late; its largest lag behind the schedule over the measured timers is printed, to
 * tell a loaded machine from a late timer. Every facility gets the same delays (a fixed
 * {@code --seed}). The facilities run one after the other in this JVM, each closed before the
 * next starts. Not a JMH benchmark: lateness is a distribution over timers, not a throughput.
 *
 * <p>A second table breaks the lateness down, to explain an outlier: the timers later than the
 * goal's 1 ms plus a wheel tick, the p99 of each measured second (median and worst: one bad
 * second is a stall, not a mechanism), GC time and process CPU over the measured stretch, and
 * for tidepool the timers its wheels expired late (late expiry, against on-time expiry whose
 * task ran late).
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.tidepool.bench.timer.TimerPrecision \
 *       [--timers tidepool,stpe,forkjoin,forkjoin-common,netty,netty-1ms] [--rate 10000] \
 *       [--seconds 10] [--warmup-seconds 2] [--min-ms 1] [--max-ms 50] [--workers 2] [--seed 17]
 * </pre>
 */
public final class TimerPrecision {
    private static final String DEFAULT_TIMERS = "tidepool,stpe,forkjoin,forkjoin-common,netty,netty-1ms";
    private static final long NOT_FIRED = Long.MIN_VALUE;
    /** The goal's bound: 1 ms plus a tick of tidepool's wheel (65,536 ns). */
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1) + (1L << 16);
    private static final String BREAKDOWN_HEADER = "| timer | late > 1.07 ms | p99 of a second µs, median"
            + " | worst second | seconds | GC ms | CPU % of one core | expired >= 1.05 ms (wheel) |";

    private TimerPrecision() {}

    /**
     * Runs every named facility and prints the table.
     *
     * @param args the options in the class doc
     * @throws InterruptedException if interrupted while waiting for timers
     */
    public static void main(String[] args) throws InterruptedException {
        final Cli cli = new Cli(args, Set.of("timers", "rate", "seconds", "warmup-seconds",
                "min-ms", "max-ms", "workers", "seed"));
        final long rate = cli.number("rate", 10_000, 1);
        final long seconds = cli.number("seconds", 10, 1);
        final long warmupSeconds = cli.number("warmup-seconds", 2, 0);
        final long minMs = cli.number("min-ms", 1, 0);
        final long maxMs = cli.number("max-ms", 50, minMs + 1);
        final int workers = (int) cli.number("workers", 2, 1);
        final long seed = cli.number("seed", 17, Long.MIN_VALUE);
        final long total = rate * (warmupSeconds + seconds);
        if (total > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("--rate x (--seconds + --warmup-seconds) too large: " + total);
        }
        final int warm = (int) (rate * warmupSeconds);
        final long[] delays = delays((int) total, TimeUnit.MILLISECONDS.toNanos(minMs),
                TimeUnit.MILLISECONDS.toNanos(maxMs), seed);

        System.out.println(Cli.header("timer precision", rate + " timers/s, " + minMs + "-" + maxMs
                + " ms delays, " + seconds + " s measured after " + warmupSeconds + " s warm-up, workers "
                + workers));
        System.out.println();
        System.out.println("| timer | timers | p50 µs | p99 µs | p99.9 µs | max µs | min µs | not fired"
                + " | driver max lag µs |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        final List<String> breakdowns = new ArrayList<>();
        for (TimerKind kind : TimerKind.parse(cli.string("timers", DEFAULT_TIMERS))) {
            final String reason = kind.unavailableReason();
            if (reason != null) {
                System.out.println("| " + kind.paramName() + " | skipped: " + reason + " | | | | | | | |");
                continue;
            }
            final String[] rows = run(kind, workers, delays, warm, rate,
                    TimeUnit.MILLISECONDS.toNanos(maxMs));
            System.out.println(rows[0]);
            breakdowns.add(rows[1]);
            System.gc();
        }
        System.out.println();
        System.out.println(BREAKDOWN_HEADER);
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        breakdowns.forEach(System.out::println);
    }

    private static long[] delays(int n, long minNanos, long maxNanos, long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final long[] delays = new long[n];
        for (int i = 0; i < n; i++) {
            delays[i] = minNanos + random.nextLong(maxNanos - minNanos);
        }
        return delays;
    }

    private static String[] run(TimerKind kind, int workers, long[] delays, int warm, long rate,
            long maxDelayNanos) throws InterruptedException {
        final int n = delays.length;
        final long[] lateness = new long[n];
        Arrays.fill(lateness, NOT_FIRED);
        final CountDownLatch allFired = new CountDownLatch(n);
        final Probe[] probes = new Probe[n];
        for (int i = 0; i < n; i++) {
            probes[i] = new Probe(i, lateness, allFired);
        }
        long maxLag = 0;
        final Costs costs = new Costs();
        long expiredLate;
        try (Timers timers = kind.create(workers)) {
            final long start = System.nanoTime();
            final long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            if (warm == 0) {
                costs.start();
            }
            int next = 0;
            while (next < n) {
                final long now = System.nanoTime();
                final int due = (int) Math.min(n, (now - start) / interval + 1);
                if (due > next && next >= warm) {
                    // how late the oldest timer of this batch is armed (measured timers only)
                    maxLag = Math.max(maxLag, now - (start + (long) next * interval));
                }
                if (next < warm && due >= warm) {
                    // the first measured timer: the costs cover the measured stretch
                    costs.start();
                }
                for (; next < due; next++) {
                    final Probe probe = probes[next];
                    probe.deadline = System.nanoTime() + delays[next];
                    timers.schedule(probe, delays[next]);
                }
                LockSupport.parkNanos(start + (long) due * interval - System.nanoTime());
            }
            // the longest delay, a Netty tick of 100 ms, and a generous margin for a loaded machine
            allFired.await(maxDelayNanos + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
            costs.stop();
            expiredLate = timers.expiredLateCount(LATE_NANOS);
        }
        return new String[] {row(kind, lateness, warm, maxLag),
            breakdown(kind, lateness, warm, rate, costs, expiredLate)};
    }

    /**
     * Where the late timers come from, for one facility: how many ran later than 1 ms plus a
     * tidepool wheel tick (the goal's bound); the p99 of each second of the measured timers
     * (by arming time), median and worst, so that one bad second (a stall of the machine or
     * the JVM) tells itself apart from lateness spread over the run; the garbage collectors'
     * time and the process's CPU over the measured stretch (a spinning facility is the first to
     * lose a CPU on a loaded machine); and, for tidepool, how many timers its wheels expired
     * at least 1.05 ms late (its lateness histogram, warm-up included): when that count is far
     * below the run's, the timers expired on time and their tasks ran late.
     */
    private static String breakdown(TimerKind kind, long[] lateness, int warm, long rate, Costs costs,
            long expiredLate) {
        int late = 0;
        for (int i = warm; i < lateness.length; i++) {
            if (lateness[i] != NOT_FIRED && lateness[i] > LATE_NANOS) {
                late++;
            }
        }
        final List<Long> secondP99 = new ArrayList<>();
        for (int from = warm; from < lateness.length; from += (int) rate) {
            final int to = (int) Math.min(lateness.length, from + rate);
            final long[] second = fired(Arrays.copyOfRange(lateness, from, to));
            if (second.length > 0) {
                Arrays.sort(second);
                secondP99.add(quantile(second, 0.99));
            }
        }
        secondP99.sort(null);
        final String seconds = secondP99.isEmpty() ? "- | -"
                : micros(secondP99.get((secondP99.size() - 1) / 2)) + " | "
                        + micros(secondP99.get(secondP99.size() - 1));
        return "| " + kind.paramName() + " | " + late + " | " + seconds + " | " + secondP99.size()
                + " | " + costs.gcMillis() + " | " + costs.cpuPercent() + " | "
                + (expiredLate < 0 ? "-" : Long.toString(expiredLate)) + " |";
    }

    /** {@return the lateness of the timers that fired} */
    private static long[] fired(long[] lateness) {
        int n = 0;
        for (long l : lateness) {
            if (l != NOT_FIRED) {
                n++;
            }
        }
        final long[] fired = new long[n];
        int k = 0;
        for (long l : lateness) {
            if (l != NOT_FIRED) {
                fired[k++] = l;
            }
        }
        return fired;
    }

    private static String row(TimerKind kind, long[] lateness, int warm, long maxLag) {
        final long[] measured = Arrays.copyOfRange(lateness, warm, lateness.length);
        final long[] fired = fired(measured);
        final int notFired = measured.length - fired.length;
        Arrays.sort(fired);
        if (fired.length == 0) {
            return "| " + kind.paramName() + " | " + measured.length + " | - | - | - | - | - | "
                    + notFired + " | " + micros(maxLag) + " |";
        }
        return "| " + kind.paramName() + " | " + measured.length + " | " + micros(quantile(fired, 0.50))
                + " | " + micros(quantile(fired, 0.99)) + " | " + micros(quantile(fired, 0.999))
                + " | " + micros(fired[fired.length - 1]) + " | " + micros(fired[0]) + " | " + notFired
                + " | " + micros(maxLag) + " |";
    }

    /** The nearest-rank quantile of sorted values. */
    static long quantile(long[] sorted, double q) {
        final int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1_000.0);
    }

    /** The garbage collectors' time and the process's CPU time over the measured stretch. */
    private static final class Costs {
        private long gcStart;
        private long cpuStart;
        private long wallStart;
        private long gcMillis;
        private long cpuNanos;
        private long wallNanos;

        void start() {
            gcStart = gcTotalMillis();
            cpuStart = processCpuNanos();
            wallStart = System.nanoTime();
        }

        void stop() {
            gcMillis = gcTotalMillis() - gcStart;
            cpuNanos = processCpuNanos() - cpuStart;
            wallNanos = System.nanoTime() - wallStart;
        }

        long gcMillis() {
            return gcMillis;
        }

        /** {@return the process's CPU time as a percentage of one core's wall time, or "-"} */
        String cpuPercent() {
            return cpuStart < 0 || wallNanos <= 0 ? "-"
                    : String.format(Locale.ROOT, "%.1f", 100.0 * cpuNanos / wallNanos);
        }

        private static long gcTotalMillis() {
            long total = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                total += Math.max(0, gc.getCollectionTime());
            }
            return total;
        }

        private static long processCpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
        }
    }

    /** One timer: records its lateness when it runs. */
    private static final class Probe extends Fire {
        private final int index;
        private final long[] lateness;
        private final CountDownLatch allFired;
        // written by the driver before schedule(), read by the thread that runs the timer: the
        // facility's hand-over of the task orders the two
        long deadline;

        Probe(int index, long[] lateness, CountDownLatch allFired) {
            this.index = index;
            this.lateness = lateness;
            this.allFired = allFired;
        }

        @Override
        public void run() {
            lateness[index] = System.nanoTime() - deadline;
            allFired.countDown();
        }
    }
}
