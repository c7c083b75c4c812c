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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Submissions from outside the pool a fixed number of times, for counting instructions under
 * {@code valgrind --tool=cachegrind} ({@code benchmarks/scripts/remote-instructions.sh}): a
 * count does not depend on what else runs on the machine, a time does.
 *
 * <p>Each round submits {@value #TASKS} empty tasks from the main thread and waits until all
 * have run. {@code gated}: every worker is first held in a task that parks until the
 * submissions are done, so the submitter meets awake workers and no wake-up (the path of a busy
 * pool), and the workers then drain their queues without sleeping in between; the count per task
 * is the submission plus the take and the run. {@code free}: the workers run while the tasks
 * arrive (tokio's {@code spawn_many_remote_idle}), so wake-ups and parks come in, and their
 * number depends on how valgrind interleaves the threads: a rougher figure.
 *
 * <p>Executors: {@code tidepool}, {@code tidepool-bounded} ({@code maxQueued} of 2^20, far above a
 * round, so nothing is refused and the difference is the room check), {@code forkjoin},
 * {@code forkjoin-async} (asyncMode). Usage:
 * {@code RemoteSubmitInstructions <executor> <gated|free> <poolSize> <warmupRounds> <rounds>}.
 */
public final class RemoteSubmitInstructions {
    /** Tasks submitted per round. */
    public static final int TASKS = 10_000;
    /**
     * How long a worker may take to enter the gate: generous, because under valgrind on a
     * loaded machine a thread's wake-up can take tens of seconds.
     */
    private static final long GATE_SECONDS = 600;

    private RemoteSubmitInstructions() {}

    /**
     * Runs the rounds and prints a one-line summary.
     *
     * @param args executor, gated or free, pool size, warm-up rounds, measured rounds
     * @throws InterruptedException if interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 5) {
            throw new IllegalArgumentException(
                    "usage: RemoteSubmitInstructions <executor> <gated|free> <poolSize> <warmupRounds> <rounds>");
        }
        final String executor = args[0];
        final boolean gated = switch (args[1]) {
            case "gated" -> true;
            case "free" -> false;
            default -> throw new IllegalArgumentException("must be gated or free: " + args[1]);
        };
        final int poolSize = Integer.parseInt(args[2]);
        final int warmup = Integer.parseInt(args[3]);
        final int rounds = Integer.parseInt(args[4]);
        final ExecutorService pool = switch (executor) {
            case "tidepool" -> ThreadPool.builder().poolSize(poolSize).namePrefix("remote").build();
            case "tidepool-bounded" -> ThreadPool.builder().poolSize(poolSize).namePrefix("remote")
                    .maxQueued(1 << 20).build();
            case "forkjoin" -> new ForkJoinPool(poolSize);
            case "forkjoin-async" -> new ForkJoinPool(poolSize, ForkJoinPool.defaultForkJoinWorkerThreadFactory,
                    null, true);
            default -> throw new IllegalArgumentException(
                    "executor must be tidepool, tidepool-bounded, forkjoin or forkjoin-async: " + executor);
        };
        final Completion done = new Completion();
        final Runnable task = done::countDown;
        for (int r = 0; r < warmup + rounds; r++) {
            if (r == warmup) {
                // marks, in a -XX:+PrintCompilation log, the compilations made while measuring
                System.out.println("measuring");
            }
            final Gate gate = gated ? new Gate(pool, poolSize) : null;
            done.arm(TASKS);
            submitAll(pool, task);
            if (gate != null) {
                gate.open();
            }
            done.await();
        }
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pool did not terminate: " + pool);
        }
        System.out.println("executor=" + executor + " mode=" + args[1] + " poolSize=" + poolSize
                + " warmup=" + warmup + " rounds=" + rounds + " tasks=" + (long) (warmup + rounds) * TASKS);
    }

    /**
     * One round's submissions. A method of its own, entered once per round, so that HotSpot
     * compiles it as a whole, as JMH's benchmark method: in {@code main}'s loop the submissions
     * ran in an on-stack-replacement compilation that deoptimized at the round's end, and the
     * interpreter's share then depended on where the next one began.
     */
    private static void submitAll(ExecutorService pool, Runnable task) {
        for (int i = 0; i < TASKS; i++) {
            pool.execute(task);
        }
    }

    /** Holds every worker in a parked task until {@link #open}. */
    private static final class Gate {
        private final Thread[] held;
        private volatile boolean open;

        Gate(ExecutorService pool, int workers) throws InterruptedException {
            held = new Thread[workers];
            // one at a time: each held task is running before the next is submitted, so the
            // next one meets an empty queue and wakes another worker (ForkJoinPool signals
            // only then)
            for (int i = 0; i < workers; i++) {
                final int slot = i;
                final CountDownLatch in = new CountDownLatch(1);
                pool.execute(() -> {
                    held[slot] = Thread.currentThread();
                    in.countDown();
                    while (!open) {
                        LockSupport.park(this);
                    }
                });
                if (!in.await(GATE_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("worker " + slot + " did not enter the gate");
                }
            }
        }

        void open() {
            open = true;
            for (Thread t : held) {
                LockSupport.unpark(t);
            }
        }
    }
}
