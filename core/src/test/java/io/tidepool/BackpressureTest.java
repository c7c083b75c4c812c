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

import static io.tidepool.TestSupport.WAIT_SECONDS;
import static io.tidepool.TestSupport.await;
import static io.tidepool.TestSupport.awaitQuietly;
import static io.tidepool.TestSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.pinned.CpuSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link ThreadPoolBuilder#maxQueued}: the bound on outside submissions, exact while the
 * workers take nothing (every worker held in a task behind a latch), shared by concurrent
 * producers, counted in the metrics; spawns from inside stay unbounded; every accepted task runs
 * exactly once.
 */
class BackpressureTest {
    private static final int WORKERS = 2;

    /**
     * Holds every worker of {@code pool} in a task until {@code release} opens; one at a time,
     * so each holding task has left the inboxes before the next is submitted (a bound of 1 fits).
     */
    static void holdWorkers(ThreadPool pool, int workers, CountDownLatch release) throws InterruptedException {
        for (int i = 0; i < workers; i++) {
            final CountDownLatch held = new CountDownLatch(1);
            pool.execute(() -> {
                held.countDown();
                awaitQuietly(release);
            });
            await(held, "worker " + i + " held");
        }
    }

    /** A task that does nothing and is called {@code name} in messages. */
    static Runnable named(String name) {
        return new Runnable() {
            @Override
            public void run() {}

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    void shouldRejectTheFirstSubmissionPastTheBoundAndNameThePoolTheLimitAndTheState() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(WORKERS).namePrefix("bp-abort")
                .maxQueued(10).build();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch ran = new CountDownLatch(10);
        try {
            holdWorkers(pool, WORKERS, release);
            for (int i = 0; i < 10; i++) {
                pool.execute(ran::countDown);
            }
            final Runnable eleventh = named("the-eleventh");
            final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                    () -> pool.execute(eleventh));
            assertTrue(e.getMessage().contains("the-eleventh"), e.getMessage());
            assertTrue(e.getMessage().contains("bp-abort"), e.getMessage());
            assertTrue(e.getMessage().contains("maxQueued 10"), e.getMessage());
            assertTrue(e.getMessage().contains("RUNNING"), e.getMessage());
            final PoolMetrics m = pool.metrics();
            assertEquals(10, m.maxQueued(), m::toString);
            assertEquals(10, m.queuedSubmissions(), m::toString);
            assertEquals(1, m.rejectedCount(), m::toString);
            assertTrue(m.toString().contains("queued submissions = 10 of 10, rejected = 1"), m::toString);
        } finally {
            release.countDown();
        }
        await(ran, "the ten accepted tasks");
        // room again once the workers took them
        final CountDownLatch later = new CountDownLatch(1);
        pool.execute(later::countDown);
        await(later, "a submission after the queue drained");
        shutdownAndAwait(pool);
    }

    @Test
    void shouldAcceptExactlyTheBoundFromConcurrentProducersAndRunEachAcceptedTaskOnce() throws Exception {
        final int bound = 100;
        final int producers = 4;
        final int perProducer = 200;
        final ThreadPool pool = ThreadPool.builder().poolSize(WORKERS).namePrefix("bp-race")
                .maxQueued(bound).build();
        final AtomicIntegerArray runs = new AtomicIntegerArray(producers * perProducer);
        final boolean[][] accepted = new boolean[producers][perProducer];
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch start = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(producers);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            holdWorkers(pool, WORKERS, release);
            for (int p = 0; p < producers; p++) {
                final int producer = p;
                new Thread(() -> {
                    try {
                        awaitQuietly(start);
                        for (int i = 0; i < perProducer; i++) {
                            final int id = producer * perProducer + i;
                            try {
                                pool.execute(() -> runs.incrementAndGet(id));
                                accepted[producer][i] = true;
                            } catch (RejectedExecutionException e) {
                                accepted[producer][i] = false;
                            }
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    } finally {
                        done.countDown();
                    }
                }, "bp-producer-" + p).start();
            }
            start.countDown();
            await(done, "the producers");
            assertEquals(null, failure.get());
        } finally {
            release.countDown();
        }
        int acceptedCount = 0;
        for (boolean[] row : accepted) {
            for (boolean a : row) {
                acceptedCount += a ? 1 : 0;
            }
        }
        // the workers took nothing while the producers ran: the inboxes hold exactly the bound
        assertEquals(bound, acceptedCount);
        assertEquals(producers * perProducer - bound, pool.metrics().rejectedCount());
        shutdownAndAwait(pool);
        for (int p = 0; p < producers; p++) {
            for (int i = 0; i < perProducer; i++) {
                assertEquals(accepted[p][i] ? 1 : 0, runs.get(p * perProducer + i),
                        "runs of task " + i + " of producer " + p);
            }
        }
    }

    @Test
    void shouldNotBoundSpawnsFromInsideATask() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(WORKERS).namePrefix("bp-inside")
                .maxQueued(1).build();
        final int children = 500;
        final CountDownLatch ran = new CountDownLatch(children);
        pool.execute(() -> {
            for (int i = 0; i < children; i++) {
                pool.execute(ran::countDown);
            }
        });
        await(ran, "every spawn from inside");
        assertEquals(0, pool.metrics().rejectedCount());
        // a worker publishes its counts when its own queues run dry, which may come after the
        // last child's count-down: read them once every worker has exited (each publishes then)
        shutdownAndAwait(pool);
        assertTrue(pool.metrics().localScheduleCount() >= children, pool.metrics()::toString);
    }

    @Test
    void shouldBoundAsyncSpawnsFromOutside() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(WORKERS).namePrefix("bp-async")
                .maxQueued(1).build();
        final CountDownLatch release = new CountDownLatch(1);
        try {
            holdWorkers(pool, WORKERS, release);
            final TaskHandle<String> first = pool.spawn(cx -> Poll.ready("first"));
            assertThrows(RejectedExecutionException.class, () -> pool.spawn(cx -> Poll.ready("second")));
            assertEquals(1, pool.metrics().rejectedCount());
            release.countDown();
            assertEquals("first", first.get(WAIT_SECONDS, TimeUnit.SECONDS));
        } finally {
            release.countDown();
        }
        // the refused cell left the live set: the pool terminates
        shutdownAndAwait(pool);
        assertEquals(0, pool.metrics().numAliveTasks());
    }

    @Test
    void shouldRejectWithoutCallingTheHandlerOnceShutDown() throws Exception {
        final AtomicReference<Runnable> handled = new AtomicReference<>();
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("bp-shut").maxQueued(4)
                .rejectionHandler((task, p) -> handled.set(task)).build();
        pool.shutdown();
        final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> pool.execute(() -> {}));
        assertTrue(e.getMessage().contains("SHUTDOWN") || e.getMessage().contains("TIDYING")
                || e.getMessage().contains("TERMINATED"), e.getMessage());
        assertEquals(null, handled.get());
        assertEquals(0, pool.metrics().rejectedCount());
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void shouldBoundEachPinnedCoreMessagesOnItsOwn() throws Exception {
        final CpuSet cpus = CpuSet.allowed().size() >= 2
                ? CpuSet.of(CpuSet.allowed().cpu(0), CpuSet.allowed().cpu(1)) : CpuSet.allowed();
        final ThreadPool pool = ThreadPool.builder().namePrefix("bp-pin").pinnedCores(cpus)
                .maxQueued(3).build();
        final int cores = cpus.size();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch held = new CountDownLatch(cores);
        final CountDownLatch ran = new CountDownLatch(3 * cores);
        try {
            for (int i = 0; i < cores; i++) {
                pool.core(i).execute(() -> {
                    held.countDown();
                    awaitQuietly(release);
                });
            }
            await(held, "every reactor held");
            for (int i = 0; i < cores; i++) {
                for (int k = 0; k < 3; k++) {
                    pool.core(i).execute(ran::countDown);
                }
            }
            for (int i = 0; i < cores; i++) {
                final int core = i;
                assertThrows(RejectedExecutionException.class, () -> pool.core(core).execute(() -> {}),
                        "core " + core + " past its bound");
            }
            assertEquals(cores, pool.metrics().rejectedCount());
        } finally {
            release.countDown();
        }
        await(ran, "the accepted messages");
        shutdownAndAwait(pool);
    }

    @Test
    void shouldRefuseABoundBelowOneNamingTheValue() {
        for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ThreadPool.builder().maxQueued(bad).build());
            assertTrue(e.getMessage().contains("maxQueued") && e.getMessage().endsWith(": " + bad),
                    e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> ThreadPool.builder().rejectionHandler(null));
    }
}
