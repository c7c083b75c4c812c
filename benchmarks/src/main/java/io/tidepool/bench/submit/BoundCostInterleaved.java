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

package io.tidepool.bench.submit;

import io.tidepool.ThreadPool;
import io.tidepool.bench.scheduler.Completion;
import java.util.Arrays;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * {@link BoundCost}'s question, bounded against unbounded outside submissions, answered inside
 * one JVM: a pool without a bound and a pool with {@code maxQueued(2^20)} live side by side, and
 * the program runs {@link BoundCost}'s operation ({@value BoundCost#TASKS} tasks from the
 * submitting threads, then wait for all of them) on one and then the other in windows of a
 * fixed length, the order alternating from pair to pair. Each pair of windows gives
 * bounded/unbounded; the program prints the geometric mean of the ratios and its 95% Student t
 * interval.
 *
 * <p>Why one JVM: on this project's 2-CPU VM, forks of the pool shapes fall into a fast and a
 * slow group by how fast the VM wakes a parked thread (a process keeps its group), so paired
 * forks ({@code benchmarks/scripts/bound-cost.sh}) leave intervals of ±10-20% after 16 pairs.
 * Here both pools share the process. What makes this fair: the bound changes no compiled
 * instruction of the offer (both kinds of inbox take the same branches; the one that is rare
 * in either is out of line), so one compilation serves both pools equally.
 *
 * <p>What it cannot remove: the two pools are different threads, and where the VM places a
 * pool's threads can favour one pool for a whole process. {@code --control} builds the second
 * pool without a bound too (an A/A run): the spread of its ratios from process to process is
 * the resolution of this design on the machine at hand, and a bounded result is read against
 * it.
 *
 * <p>Usage: {@code BoundCostInterleaved [--submitters n] [--window-ms ms] [--warmup-pairs n]
 * [--pairs n] [--control]}; defaults 1, 500, 10, 30.
 */
public final class BoundCostInterleaved {
    private BoundCostInterleaved() {}

    /**
     * Runs the comparison and prints one line per pair and a result line.
     *
     * @param args see the class doc
     * @throws Exception if a window's operation fails or times out
     */
    public static void main(String[] args) throws Exception {
        int submitters = 1;
        long windowMs = 500;
        int warmupPairs = 10;
        int pairs = 30;
        boolean control = false;
        for (int i = 0; i < args.length; i++) {
            final String a = args[i];
            if (a.equals("--control")) {
                control = true;
                continue;
            }
            final int v = Integer.parseInt(args[++i]);
            if (v < 1) {
                throw new IllegalArgumentException(a + " must be >= 1: " + v);
            }
            switch (a) {
                case "--submitters" -> submitters = v;
                case "--window-ms" -> windowMs = v;
                case "--warmup-pairs" -> warmupPairs = v;
                case "--pairs" -> pairs = v;
                default -> throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        if (pairs < 2) {
            throw new IllegalArgumentException("--pairs must be >= 2: " + pairs);
        }
        if (BoundCost.TASKS % submitters != 0) {
            throw new IllegalArgumentException("--submitters must divide " + BoundCost.TASKS + ": " + submitters);
        }
        final ThreadPool unbounded = ThreadPool.builder().poolSize(2).namePrefix("unbounded").build();
        final ThreadPool bounded = control
                ? ThreadPool.builder().poolSize(2).namePrefix("unbounded-too").build()
                : ThreadPool.builder().poolSize(2).namePrefix("bounded").maxQueued(1 << 20).build();
        final Submitters threads = new Submitters(submitters);
        try {
            final double[] logs = new double[pairs];
            for (int p = -warmupPairs; p < pairs; p++) {
                final boolean boundedFirst = (p & 1) != 0;
                final double a = window(boundedFirst ? bounded : unbounded, threads, windowMs);
                final double b = window(boundedFirst ? unbounded : bounded, threads, windowMs);
                final double u = boundedFirst ? b : a;
                final double bd = boundedFirst ? a : b;
                if (p >= 0) {
                    logs[p] = Math.log(bd / u);
                    System.out.printf("pair %d unbounded %.2f M/s bounded %.2f M/s ratio %.4f%n",
                            p + 1, u / 1e6, bd / 1e6, bd / u);
                }
            }
            final double mean = Arrays.stream(logs).average().orElseThrow();
            double ss = 0;
            for (double l : logs) {
                ss += (l - mean) * (l - mean);
            }
            final double se = Math.sqrt(ss / (pairs - 1) / pairs);
            final double t = studentT975(pairs - 1);
            System.out.printf("RESULT%s submitters=%d pairs=%d window_ms=%d ratio=%.4f ci95=[%.4f, %.4f] (%s)%n",
                    control ? " CONTROL" : "", submitters, pairs, windowMs, Math.exp(mean), Math.exp(mean - t * se), Math.exp(mean + t * se),
                    System.getProperty("java.version"));
        } finally {
            threads.stop();
            unbounded.shutdownNow();
            bounded.shutdownNow();
        }
    }

    /** Runs the operation on {@code pool} for about {@code windowMs}; returns tasks per second. */
    private static double window(ThreadPool pool, Submitters submitters, long windowMs) throws Exception {
        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(windowMs);
        final long start = System.nanoTime();
        long tasks = 0;
        do {
            submitters.runOnce(pool);
            tasks += BoundCost.TASKS;
        } while (System.nanoTime() < end);
        return tasks * 1e9 / (System.nanoTime() - start);
    }

    /**
     * The submitting threads of {@link BoundCost}'s operation: the calling thread when there is
     * one, else that many threads kept for the whole run (a thread's id picks its inbox lane, so
     * new threads per operation would move the submissions around), started together by a
     * barrier.
     */
    private static final class Submitters {
        private final int count;
        private final Completion done = new Completion();
        private final Runnable task = done::countDown;
        private final CyclicBarrier start;
        private volatile ThreadPool target;
        private volatile boolean stopped;

        Submitters(int count) {
            this.count = count;
            this.start = new CyclicBarrier(count + 1);
            if (count > 1) {
                final int share = BoundCost.TASKS / count;
                for (int s = 0; s < count; s++) {
                    final Thread t = new Thread(() -> loop(share), "submitter-" + s);
                    t.setDaemon(true);
                    t.start();
                }
            }
        }

        private void loop(int share) {
            try {
                while (true) {
                    start.await();
                    if (stopped) {
                        return;
                    }
                    final ThreadPool p = target;
                    for (int i = 0; i < share; i++) {
                        p.execute(task);
                    }
                }
            } catch (InterruptedException | BrokenBarrierException e) {
                // the run is over
            }
        }

        /** One operation on {@code pool}: every task submitted and run. */
        void runOnce(ThreadPool pool) throws Exception {
            done.arm(BoundCost.TASKS);
            if (count == 1) {
                for (int i = 0; i < BoundCost.TASKS; i++) {
                    pool.execute(task);
                }
            } else {
                target = pool;
                start.await(Completion.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            done.await();
        }

        /** Lets the submitting threads end. */
        void stop() throws Exception {
            stopped = true;
            if (count > 1) {
                start.await(Completion.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    /** The 97.5% quantile of Student's t with {@code df} degrees of freedom (table, then 1.96). */
    private static double studentT975(int df) {
        final double[] table = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
        return df <= table.length ? table[df - 1] : df <= 60 ? 2.000 : 1.960;
    }
}
