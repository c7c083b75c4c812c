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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One task out of idle, with every executor in the same JVM: each round gives every pool one
 * task after its own idle gap, in a new random order, from one submitting thread, and times
 * {@code execute} to the task's end. A JVM runs in a fast or a slow phase for its whole life,
 * which moves every figure of a one-pool run by more than the executors differ; here every pool
 * meets the same phase, so their difference in one run can be read.
 *
 * <p>A plain program, not JMH: JMH runs one benchmark at a time. Usage:
 * <pre>{@code
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *     io.tidepool.bench.scheduler.InterleavedBursts [rounds] [warm-up rounds] [gap µs] [executors]
 * }</pre>
 * Defaults: 6,000 measured rounds after 10,000, a 500 µs gap, {@code -tidepool,tidepool,forkjoin}.
 * An executor named with a leading {@code -} is built but never given a task: the first pool of
 * a kind built in a JVM was seen to be slower than a second identical one, so the default
 * builds a spare first. Prints p50, p90 and p99 per pool, in µs.
 */
public final class InterleavedBursts {
    /** How long a task may take before the program calls it lost. */
    private static final long LOST_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static volatile boolean done;

    private InterleavedBursts() {
    }

    public static void main(String[] args) throws InterruptedException {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6_000;
        final int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        final long gapNanos =
                TimeUnit.MICROSECONDS.toNanos(args.length > 2 ? Long.parseLong(args[2]) : 500);
        final String[] names =
                (args.length > 3 ? args[3] : "-tidepool,tidepool,forkjoin").split(",");
        if (rounds < 100 || warmUp < 0 || gapNanos < 0) {
            throw new IllegalArgumentException("rounds must be >= 100, warm-up and gap >= 0: "
                    + String.join(" ", args));
        }
        final List<ExecutorService> pools = new ArrayList<>();
        for (String name : names) {
            pools.add(ExecutorKind.of(name.startsWith("-") ? name.substring(1) : name).create(2));
        }
        final Thread client = Thread.currentThread();
        final Runnable task = () -> {
            done = true;
            LockSupport.unpark(client);
        };
        final long[][] nanos = new long[names.length][rounds];
        final int[] order = new int[names.length];
        Arrays.setAll(order, i -> i);
        final SplittableRandom random = new SplittableRandom(42);
        for (int round = -warmUp; round < rounds; round++) {
            shuffle(order, random);
            for (int p : order) {
                if (names[p].startsWith("-")) {
                    continue;
                }
                final long gapEnd = System.nanoTime() + gapNanos;
                for (long left = gapNanos; left > 0; left = gapEnd - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
                done = false;
                final long start = System.nanoTime();
                pools.get(p).execute(task);
                while (!done) {
                    LockSupport.parkNanos(LOST_NANOS);
                    if (!done && System.nanoTime() - start > LOST_NANOS) {
                        throw new IllegalStateException(names[p] + " did not run a task in 60 s");
                    }
                }
                if (round >= 0) {
                    nanos[p][round] = System.nanoTime() - start;
                }
            }
        }
        for (int p = 0; p < names.length; p++) {
            if (!names[p].startsWith("-")) {
                final long[] n = nanos[p];
                Arrays.sort(n);
                System.out.printf("%-16s p50 %7.2f  p90 %7.2f  p99 %8.2f µs%n", names[p],
                        n[rounds / 2] / 1e3, n[rounds * 9 / 10] / 1e3, n[rounds * 99 / 100] / 1e3);
            }
        }
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            final int j = random.nextInt(i + 1);
            final int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
