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

package io.tidepool;

import static io.tidepool.TestSupport.await;
import static io.tidepool.TestSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Running tasks: exactly once, fairly, on identifiable workers. */
class ThreadPoolExecutionTest {
    private static final int SUBMITTERS = 4;
    private static final int TASKS_PER_SUBMITTER = 250_000;
    private static final int ROOTS = SUBMITTERS * TASKS_PER_SUBMITTER;

    @Test
    @Timeout(60)
    void shouldRunEveryTaskExactlyOnceUnderContention() throws Exception {
        // ids 0..ROOTS-1 are submitted from outside; every even root spawns child ROOTS + id/2
        // from inside the pool, and every child whose id is divisible by 3 spawns a grandchild
        final int children = ROOTS / 2;
        final int grandchildren = (children + 2) / 3;
        final int total = ROOTS + children + grandchildren;
        final AtomicIntegerArray runs = new AtomicIntegerArray(total);
        final AtomicInteger remaining = new AtomicInteger(total);
        final CountDownLatch allRan = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ThreadPool pool = ThreadPool.builder().poolSize(4).namePrefix("exactly-once")
                .uncaughtExceptionHandler((t, e) -> failure.compareAndSet(null, e)).build()) {
            final class Counted implements Runnable {
                private final int id;

                Counted(int id) {
                    this.id = id;
                }

                @Override
                public void run() {
                    runs.incrementAndGet(id);
                    if (id < ROOTS) {
                        if ((id & 1) == 0) {
                            pool.execute(new Counted(ROOTS + id / 2));
                        }
                    } else if (id < ROOTS + children) {
                        final int child = id - ROOTS;
                        if (child % 3 == 0) {
                            pool.execute(new Counted(ROOTS + children + child / 3));
                        }
                    }
                    if (remaining.decrementAndGet() == 0) {
                        allRan.countDown();
                    }
                }
            }
            final CyclicBarrier start = new CyclicBarrier(SUBMITTERS);
            final List<Thread> submitters = new ArrayList<>();
            for (int s = 0; s < SUBMITTERS; s++) {
                final int base = s * TASKS_PER_SUBMITTER;
                final Thread t = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < TASKS_PER_SUBMITTER; i++) {
                            pool.execute(new Counted(base + i));
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "submitter-" + s);
                t.start();
                submitters.add(t);
            }
            for (Thread t : submitters) {
                t.join();
            }
            if (failure.get() != null) {
                fail("submission or task failed", failure.get());
            }
            await(allRan, "all " + total + " tasks; " + remaining.get() + " left: " + pool);
            // termination orders every run before the checks below, so a late duplicate shows
            shutdownAndAwait(pool);
        }
        if (failure.get() != null) {
            fail("a task failed", failure.get());
        }
        for (int id = 0; id < total; id++) {
            if (runs.get(id) != 1) {
                fail("task " + id + " ran " + runs.get(id) + " times");
            }
        }
        assertEquals(0, remaining.get());
    }

    @ParameterizedTest(name = "poolSize={0}")
    @ValueSource(ints = {1, 2})
    @Timeout(30)
    void shouldNotLetSelfRespawningTasksStarveAnExternalSubmission(int poolSize) throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(poolSize).build()) {
            final AtomicInteger stop = new AtomicInteger();
            final CountDownLatch spinning = new CountDownLatch(poolSize);
            final AtomicInteger respawns = new AtomicInteger();
            // one respawner per worker, so that every worker is kept busy by its own deque
            for (int i = 0; i < poolSize; i++) {
                pool.execute(new Runnable() {
                    private boolean started;

                    @Override
                    public void run() {
                        if (!started) {
                            started = true;
                            spinning.countDown();
                        }
                        respawns.incrementAndGet();
                        if (stop.get() == 0) {
                            pool.execute(this);
                        }
                    }
                });
            }
            await(spinning, "respawning tasks to start");
            final int before = respawns.get();
            final CountDownLatch external = new CountDownLatch(1);
            pool.execute(external::countDown);
            try {
                await(external, "the external task while tasks respawn themselves");
                // the respawners are still running around it (the external task may have run at
                // the very next inbox turn, before any further respawn): they keep counting
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (respawns.get() <= before && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            } finally {
                stop.set(1);
            }
            assertTrue(respawns.get() > before, "the respawning tasks kept running meanwhile");
            shutdownAndAwait(pool);
        }
    }

    @Test
    void shouldReportNoWorkerOutsideThePool() {
        assertEquals(Optional.empty(), Worker.current());
    }

    @Test
    @Timeout(30)
    void shouldReportTheCurrentWorkerWithIdsFromZeroToPoolSizeMinusOne() throws Exception {
        final int n = 3;
        final Set<Integer> idsAtStart = ConcurrentHashMap.newKeySet();
        final AtomicReference<String> problem = new AtomicReference<>();
        final CountDownLatch started = new CountDownLatch(n);
        try (ThreadPool pool = ThreadPool.builder().poolSize(n).afterStart(() -> {
            final Optional<Worker> w = Worker.current();
            if (w.isEmpty()) {
                problem.compareAndSet(null, "no current worker in afterStart");
            } else {
                idsAtStart.add(w.get().id().index());
            }
            started.countDown();
        }).build()) {
            await(started, "afterStart on every worker");
            assertEquals(Set.of(0, 1, 2), idsAtStart);
            final int tasks = 1_000;
            final CountDownLatch done = new CountDownLatch(tasks);
            for (int i = 0; i < tasks; i++) {
                pool.execute(() -> {
                    final Optional<Worker> w = Worker.current();
                    if (w.isEmpty()) {
                        problem.compareAndSet(null, "no current worker in a task");
                    } else if (w.get().pool() != pool) {
                        problem.compareAndSet(null, "worker of another pool: " + w.get());
                    } else if (w.get().id().index() < 0 || w.get().id().index() >= n) {
                        problem.compareAndSet(null, "worker id out of range: " + w.get().id());
                    }
                    done.countDown();
                });
            }
            await(done, "tasks");
            assertEquals(null, problem.get());
            assertFalse(Worker.current().isPresent(), "the test thread is not a worker");
        }
    }

    @Test
    @Timeout(30)
    void shouldGiveTheSameWorkerObjectToEveryTaskOnOneThread() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).build()) {
            final AtomicReference<Worker> first = new AtomicReference<>();
            final AtomicReference<Worker> second = new AtomicReference<>();
            final CountDownLatch done = new CountDownLatch(2);
            pool.execute(() -> {
                first.set(Worker.current().orElse(null));
                done.countDown();
            });
            pool.execute(() -> {
                second.set(Worker.current().orElse(null));
                done.countDown();
            });
            await(done, "two tasks");
            assertSame(first.get(), second.get());
            assertEquals(new WorkerId(0), first.get().id());
            assertSame(pool, first.get().pool());
        }
    }

    @Test
    @Timeout(30)
    void shouldDescribeStateAndNameInToString() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("described").build();
        final String running = pool.toString();
        assertTrue(running.contains("described"), running);
        assertTrue(running.contains("RUNNING"), running);
        assertEquals("described", pool.name());
        assertEquals(2, pool.poolSize());
        shutdownAndAwait(pool);
        final String terminated = pool.toString();
        assertTrue(terminated.contains("described"), terminated);
        assertTrue(terminated.contains("TERMINATED"), terminated);
    }
}
