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

import io.tidepool.PoolMetrics;
import io.tidepool.ThreadPool;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link TimerChurn}'s operation (schedule a 1-10 s timeout from outside the pool, cancel it)
 * on a tidepool pool, as a standalone program that prints what the pool did per operation
 * rather than how fast: timers that reached a wheel (each costs a CAS, an insert and a removal
 * message; the rest were cancelled while still on a worker's message stack, and dropped by a
 * drain) and cancellations counted. Run it under {@code strace -f -c -e trace=futex} to count
 * futex calls (wakes of a worker and their parks) or under valgrind to count instructions
 * ({@code benchmarks/scripts/churn-instructions.sh}): difference two runs with different
 * {@code --rounds} and divide by the operations between them. Such counts depend on a loaded
 * machine far less than a throughput (valgrind runs one thread at a time, so it counts the
 * work but not the wake pattern of an idle machine).
 *
 * <p>The submitting threads start once and run every round, a barrier between rounds, so
 * valgrind numbers them the same in every run (thread 2 is main, then the JVM's threads, the
 * pool's workers, and the submitters last) and a per-thread split of two runs lines up.
 *
 * <p>Options: {@code --threads} (submitting threads, default 1), {@code --ops} (operations per
 * round per thread, default 100,000), {@code --warmup} and {@code --rounds} (default 20 and 50),
 * {@code --workers} (pool size, default 2). A line {@code measuring} marks the end of the
 * warm-up, for a {@code -XX:+PrintCompilation} log.
 */
public final class ChurnCounts {
    private ChurnCounts() {}

    /**
     * Runs the rounds and prints one line of figures.
     *
     * @param args the options in the class doc
     * @throws InterruptedException if interrupted while waiting for the submitters
     */
    public static void main(String[] args) throws InterruptedException {
        final Cli cli = new Cli(args, Set.of("threads", "ops", "warmup", "rounds", "workers"));
        final int threads = (int) cli.number("threads", 1, 1);
        final long ops = cli.number("ops", 100_000, 1);
        final long warmup = cli.number("warmup", 20, 0);
        final long rounds = cli.number("rounds", 50, 1);
        final int workers = (int) cli.number("workers", 2, 1);
        final ThreadPool pool = ThreadPool.builder().poolSize(workers).namePrefix("churn-counts").build();
        final AtomicLong fired = new AtomicLong();
        final Runnable task = fired::incrementAndGet;
        final AtomicReference<PoolMetrics> before = new AtomicReference<>();
        // the barrier's action runs between rounds, every submitter waiting: the warm-up's end
        final AtomicLong round = new AtomicLong();
        final CyclicBarrier between = new CyclicBarrier(threads, () -> {
            if (round.incrementAndGet() == warmup) {
                System.out.println("measuring");
                before.set(pool.metrics());
            }
        });
        if (warmup == 0) {
            System.out.println("measuring");
            before.set(pool.metrics());
        }
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            final Thread submitter = new Thread(() -> {
                try {
                    for (long r = 0; r < warmup + rounds; r++) {
                        for (long i = 0; i < ops; i++) {
                            churn(pool, task);
                        }
                        between.await();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    between.reset();
                } finally {
                    done.countDown();
                }
            }, "churn-submitter-" + t);
            submitter.start();
        }
        if (!done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("submitters did not finish within 30 minutes");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a submitter failed", failure.get());
        }
        final PoolMetrics after = pool.metrics();
        pool.shutdownNow();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pool did not terminate: " + pool);
        }
        if (fired.get() != 0) {
            throw new IllegalStateException(fired.get() + " cancelled timers fired");
        }
        final double n = (double) rounds * ops * threads;
        System.out.printf("threads=%d workers=%d rounds=%d ops=%d wheeled/op=%.5f cancelled/op=%.5f%n",
                threads, workers, rounds, (long) n,
                (after.timersArmedCount() - before.get().timersArmedCount()) / n,
                (after.timersCancelledCount() - before.get().timersCancelledCount()) / n);
    }

    private static void churn(ThreadPool pool, Runnable task) {
        final long delay = TimerChurn.MIN_DELAY_NANOS
                + ThreadLocalRandom.current().nextLong(TimerChurn.MAX_DELAY_NANOS - TimerChurn.MIN_DELAY_NANOS);
        final ScheduledFuture<?> f = pool.schedule(task, delay, TimeUnit.NANOSECONDS);
        if (!f.cancel(false)) {
            throw new IllegalStateException("cancel of a timer " + delay + " ns out returned false");
        }
    }
}
