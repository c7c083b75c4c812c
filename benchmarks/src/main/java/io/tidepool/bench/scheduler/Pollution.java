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

import io.tidepool.AsyncTask;
import io.tidepool.Poll;
import io.tidepool.TaskContext;
import io.tidepool.ThreadPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pollutes the JIT's type profiles the way a real service does before a benchmark measures:
 * several executors (tidepool, both ForkJoinPool modes, ThreadPoolExecutor) run many distinct
 * task classes, submitted from outside and spawned from inside, in the same JVM.
 *
 * <p>Afterwards the call sites that run a task ({@code Runnable.run}, {@code AsyncTask.poll})
 * inside each executor's worker loop have seen {@value #RUNNABLE_KINDS}+ receiver classes, and
 * the {@code Executor.execute} call sites shared by the tasks have seen four executor classes:
 * megamorphic, so C2 cannot inline through them by type profile. A benchmark run after this
 * shows what the executor's hot path costs when it does not get lucky with inlining.
 *
 * <p>Used by {@link PoolState} when its {@code profile} parameter is {@code polluted}; runs once
 * per JVM (per JMH fork), before the executor under test is created, and shuts its own
 * executors down before returning.
 */
public final class Pollution {
    /** Distinct {@code Runnable} classes run through every executor (lambdas and named classes). */
    public static final int RUNNABLE_KINDS = 10;

    /** Rounds of the whole mix; enough for C2 to compile the executors' loops with this profile. */
    private static final int ROUNDS = 40;

    /** Tasks of each kind per round and executor, half from outside and half from inside. */
    private static final int TASKS_PER_KIND = 256;

    private static boolean done;

    /** Keeps the tasks' work observable, so none of them is optimised away. */
    private static final AtomicLong SINK = new AtomicLong();

    private Pollution() {
    }

    /** Runs the mix once per JVM; later calls return at once. */
    public static synchronized void pollute() {
        if (done) {
            return;
        }
        List<ExecutorService> executors = List.of(
                ExecutorKind.TIDEPOOL.create(2), ExecutorKind.FORKJOIN.create(2),
                ExecutorKind.FORKJOIN_ASYNC.create(2), ExecutorKind.THREADPOOL.create(2));
        try {
            for (int round = 0; round < ROUNDS; round++) {
                for (ExecutorService e : executors) {
                    runRound(e);
                }
            }
            // their threads must be gone before the measured executor starts
            for (ExecutorService e : executors) {
                e.shutdown();
                if (!e.awaitTermination(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("pollution executor did not terminate in 30 s: " + e);
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polluting the type profiles", ex);
        } finally {
            for (ExecutorService e : executors) {
                e.shutdownNow();
            }
        }
        done = true;
    }

    /** One round on one executor: every kind from outside and from inside, then async tasks. */
    private static void runRound(ExecutorService e) throws InterruptedException {
        int asyncTasks = e instanceof ThreadPool ? 3 * TASKS_PER_KIND : 0;
        CountDownLatch latch = new CountDownLatch(RUNNABLE_KINDS * TASKS_PER_KIND + asyncTasks);
        for (Runnable kind : kinds(latch)) {
            for (int i = 0; i < TASKS_PER_KIND / 2; i++) {
                e.execute(kind);
            }
            // the other half spawned from inside the pool: the local push path
            e.execute(() -> {
                for (int i = 0; i < TASKS_PER_KIND / 2; i++) {
                    e.execute(kind);
                }
            });
        }
        Callable<Long> callable = SINK::incrementAndGet;
        for (int i = 0; i < TASKS_PER_KIND; i++) {
            e.submit(callable);
            e.submit(() -> SINK.addAndGet(2), 0L);
        }
        if (e instanceof ThreadPool tp) {
            for (int i = 0; i < TASKS_PER_KIND; i++) {
                tp.spawn(new Ready(latch));
                tp.spawn(new Pending(latch));
                tp.spawn(cx -> {
                    latch.countDown();
                    return Poll.ready(SINK.get());
                });
            }
        }
        if (!latch.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pollution round did not finish in 60 s on " + e
                    + ": remaining=" + latch.getCount());
        }
        // the benchmarks' own task classes and their execute call sites, on this executor too
        Completion done = new Completion();
        new Chain(e, done).start(TASKS_PER_KIND);
        done.await();
        done.arm(SpawnManyLocal.TASKS);
        e.execute(SpawnManyLocal.spawner(e, done));
        done.await();
    }

    /** {@value #RUNNABLE_KINDS} task classes, each counting {@code latch} down once per run. */
    private static List<Runnable> kinds(CountDownLatch latch) {
        List<Runnable> kinds = new ArrayList<>(RUNNABLE_KINDS);
        kinds.add(latch::countDown);
        kinds.add(() -> {
            SINK.incrementAndGet();
            latch.countDown();
        });
        kinds.add(() -> {
            SINK.addAndGet(3);
            latch.countDown();
        });
        kinds.add(() -> {
            SINK.accumulateAndGet(5, Math::max);
            latch.countDown();
        });
        kinds.add(() -> {
            SINK.getAndUpdate(v -> v ^ 1);
            latch.countDown();
        });
        kinds.add(() -> {
            Thread.onSpinWait();
            latch.countDown();
        });
        kinds.add(() -> {
            SINK.lazySet(SINK.get() + 1);
            latch.countDown();
        });
        kinds.add(new Adder(7, latch));
        kinds.add(new Adder(11, latch)::run);
        kinds.add(new Runnable() {
            @Override
            public void run() {
                SINK.addAndGet(13);
                latch.countDown();
            }
        });
        return kinds;
    }

    /** A named task class. */
    private static final class Adder implements Runnable {
        private final long delta;
        private final CountDownLatch latch;

        Adder(long delta, CountDownLatch latch) {
            this.delta = delta;
            this.latch = latch;
        }

        @Override
        public void run() {
            SINK.addAndGet(delta);
            latch.countDown();
        }
    }

    /** Async task classes for tidepool's poll call site: ready at once, or after one wake. */
    private static final class Ready implements AsyncTask<Long> {
        private final CountDownLatch latch;

        Ready(CountDownLatch latch) {
            this.latch = latch;
        }

        @Override
        public Poll<Long> poll(TaskContext cx) {
            latch.countDown();
            return Poll.ready(SINK.incrementAndGet());
        }
    }

    private static final class Pending implements AsyncTask<Long> {
        private final CountDownLatch latch;
        private boolean woken;

        Pending(CountDownLatch latch) {
            this.latch = latch;
        }

        @Override
        public Poll<Long> poll(TaskContext cx) {
            // plain: polls of one task are ordered by its state machine
            if (!woken) {
                woken = true;
                cx.waker().wake();
                return Poll.pending();
            }
            latch.countDown();
            return Poll.ready(SINK.get());
        }
    }
}
