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

package io.tidepool.bench.scheduler;

import io.tidepool.Park;
import io.tidepool.ThreadPool;
import io.tidepool.Unpark;
import io.tidepool.internal.park.ThreadPark;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code burst_after_idle} taken apart, a program (not JMH): the same bursts as
 * {@link BurstAfterIdle} (an idle gap, then a chain of tasks), printing submit-to-done p50 and
 * p99 and, for {@code tidepool-probe}, what each burst cost the pool: unparks per burst and the
 * time from a worker's return from its park to the start of the first task (wake-to-task),
 * through a counting wrapper of the default park (the first task stamps its start, one
 * volatile read per link more than {@link Chain}).
 *
 * <pre>
 *   java -cp benchmarks.jar io.tidepool.bench.scheduler.BurstProbe EXECUTOR [gapMicros] [chain]
 *        [warmupBursts] [bursts]
 * </pre>
 * {@code EXECUTOR}: {@code tidepool}, {@code tidepool-probe}, {@code forkjoin},
 * {@code forkjoin-async} or {@code threadpool}; defaults 500 µs, 1 task, 5,000 and 5,000 bursts.
 * The unpark count needs no quiet machine; the times do. Under {@code strace -f -c -e
 * trace=futex} it gives the system calls per burst.
 */
public final class BurstProbe {
    private static final AtomicLong UNPARKS = new AtomicLong();
    /** When the last park returned, and when the first task of the burst started (nanoTime). */
    private static volatile long woke;
    private static volatile long started;

    private BurstProbe() {}

    /**
     * Runs the probe.
     *
     * @param args the executor, then optionally gap (µs), chain, warm-up bursts, bursts
     * @throws InterruptedException if interrupted while the pool shuts down
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: BurstProbe EXECUTOR [gapMicros] [chain] [warmupBursts] [bursts]");
        }
        final String executor = args[0];
        final long gapNanos = TimeUnit.MICROSECONDS.toNanos(arg(args, 1, 500));
        final int chain = (int) arg(args, 2, 1);
        final int warmup = (int) arg(args, 3, 5_000);
        final int bursts = (int) arg(args, 4, 5_000);
        if (chain < 1 || bursts < 1 || warmup < 0) {
            throw new IllegalArgumentException("chain and bursts must be >= 1, warmupBursts >= 0: chain="
                    + chain + ", bursts=" + bursts + ", warmupBursts=" + warmup);
        }
        final boolean probe = executor.equals("tidepool-probe");
        final ExecutorService pool = probe
                ? ThreadPool.builder().poolSize(2).namePrefix("tidepool-bench").customPark(id -> new ProbePark()).build()
                : ExecutorKind.of(executor).create(2);
        final Completion done = new Completion();
        final Link link = new Link(pool, done);
        run(pool, link, done, chain, gapNanos, warmup, null, null);
        final long[] latency = new long[bursts];
        final long[] wakeToTask = new long[bursts];
        final long unparksBefore = UNPARKS.get();
        run(pool, link, done, chain, gapNanos, bursts, latency, wakeToTask);
        final double unparksPerBurst = (UNPARKS.get() - unparksBefore) / (double) bursts;
        Arrays.sort(latency);
        Arrays.sort(wakeToTask);
        System.out.printf("%s gap=%dus chain=%d bursts=%d: submit-to-done p50 %.1f us, p99 %.1f us%n",
                executor, TimeUnit.NANOSECONDS.toMicros(gapNanos), chain, bursts,
                percentile(latency, 0.5), percentile(latency, 0.99));
        if (probe) {
            System.out.printf("  unparks per burst %.3f; wake-to-task p50 %.2f us, p90 %.2f us%n",
                    unparksPerBurst, percentile(wakeToTask, 0.5), percentile(wakeToTask, 0.9));
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** {@code n} bursts; records each one's submit-to-done and wake-to-task when arrays are given. */
    private static void run(ExecutorService pool, Link link, Completion done, int chain, long gapNanos,
            int n, long[] latency, long[] wakeToTask) {
        for (int i = 0; i < n; i++) {
            final long deadline = System.nanoTime() + gapNanos;
            for (long left = gapNanos; left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            woke = 0;
            started = 0;
            done.arm(1);
            // plain: the execute below happens-before the first link reads it
            link.left = chain;
            final long start = System.nanoTime();
            pool.execute(link);
            done.await();
            if (latency != null) {
                latency[i] = System.nanoTime() - start;
                final long w = woke;
                wakeToTask[i] = w == 0 ? 0 : started - w;
            }
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e3;
    }

    private static long arg(String[] args, int index, long otherwise) {
        return args.length > index ? Long.parseLong(args[index]) : otherwise;
    }

    /** {@link Chain} with a stamp at the start of the first link. */
    private static final class Link implements Runnable {
        private final ExecutorService pool;
        private final Completion done;
        private int left;

        Link(ExecutorService pool, Completion done) {
            this.pool = pool;
            this.done = done;
        }

        @Override
        public void run() {
            if (started == 0) {
                started = System.nanoTime();
            }
            // plain: the previous link's submission happens-before this run
            if (--left == 0) {
                done.countDown();
            } else {
                pool.execute(this);
            }
        }
    }

    /** The default park, counting unparks and stamping each return from a park. */
    private static final class ProbePark implements Park, Unpark {
        private final ThreadPark delegate = new ThreadPark();

        @Override
        public void park() {
            delegate.park();
            woke = System.nanoTime();
        }

        @Override
        public void park(Duration timeout) {
            delegate.park(timeout);
            woke = System.nanoTime();
        }

        @Override
        public void unpark() {
            UNPARKS.incrementAndGet();
            delegate.unpark();
        }

        @Override
        public Unpark unparker() {
            return this;
        }
    }
}
