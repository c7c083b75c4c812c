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

package io.tidepool.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.RejectionHandler;
import io.tidepool.ThreadPool;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The snippets of docs/guide/migration.md, each run and checked, and the JDK behaviour the guide
 * compares them with.
 */
class MigrationSnippetsTest {
    @Test
    void dropIn() throws Exception {
        // tag::drop-in[]
        ExecutorService executor = ThreadPool.builder().poolSize(8).build();   // was newFixedThreadPool(8)
        List<Future<Integer>> parts = executor.invokeAll(List.of(() -> 1, () -> 2, () -> 3));
        int sum = 0;
        for (Future<Integer> part : parts) {
            sum += part.get();
        }
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
        // end::drop-in[]
        assertEquals(6, sum);
        assertTrue(executor.isTerminated());
    }

    @Test
    void maxQueued() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch held = new CountDownLatch(1);
        final AtomicReference<Thread> ranOn = new AtomicReference<>();
        // tag::max-queued[]
        ThreadPool pool = ThreadPool.builder()
                .poolSize(1)
                .maxQueued(1)                                        // like new ArrayBlockingQueue<>(1)
                .rejectionHandler(RejectionHandler.callerRuns())     // like CallerRunsPolicy
                .build();
        // end::max-queued[]
        try (pool) {
            pool.execute(() -> {
                held.countDown();
                awaitQuietly(release);
            });
            assertTrue(held.await(30, TimeUnit.SECONDS));
            pool.execute(() -> { });                  // takes the one slot
            pool.execute(() -> ranOn.set(Thread.currentThread()));   // no room: runs here
            assertEquals(Thread.currentThread(), ranOn.get());
            assertEquals(1, pool.metrics().rejectedCount());
            release.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // tag::bounded-submission[]
    private final Semaphore inFlight = new Semaphore(10_000);   // the bound a TPE's queue gave

    void submit(ThreadPool pool, Runnable task) throws InterruptedException {
        inFlight.acquire();                  // waits while 10,000 tasks are queued or running
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    inFlight.release();
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.release();              // never queued
            throw e;
        }
    }
    // end::bounded-submission[]

    @Test
    void boundedSubmission() throws Exception {
        final CountDownLatch ran = new CountDownLatch(100);
        final ThreadPool pool = ThreadPool.builder().namePrefix("mig-bound").build();
        try (pool) {
            for (int i = 0; i < 100; i++) {
                submit(pool, ran::countDown);
            }
            assertTrue(ran.await(30, TimeUnit.SECONDS));
        }
        assertEquals(10_000, inFlight.availablePermits());
        assertThrows(RejectedExecutionException.class, () -> submit(pool, () -> { }));
        assertEquals(10_000, inFlight.availablePermits());
    }

    @Test
    void spawnAfterShutdownFromInside() throws Exception {
        final String out = Console.capture(() -> {
            // tag::shutdown-inside[]
            ThreadPool pool = ThreadPool.builder().build();
            pool.execute(() -> {
                pool.shutdown();
                pool.execute(() -> System.out.println("accepted: spawned from inside the pool"));
            });
            pool.awaitTermination(30, TimeUnit.SECONDS);
            try {
                pool.execute(() -> { });                     // from outside after shutdown()
            } catch (RejectedExecutionException e) {
                System.out.println("rejected from outside");
            }
            // end::shutdown-inside[]
        });
        assertEquals("accepted: spawned from inside the pool\nrejected from outside\n", out);
    }

    @Test
    void threadPoolExecutorRejectsASpawnFromInsideAfterShutdown() throws Exception {
        final ExecutorService tpe = Executors.newFixedThreadPool(2);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch done = new CountDownLatch(1);
        tpe.execute(() -> {
            tpe.shutdown();
            try {
                tpe.execute(() -> { });
            } catch (RejectedExecutionException e) {
                failure.set(e);
            }
            done.countDown();
        });
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertTrue(failure.get() instanceof RejectedExecutionException);
        assertTrue(tpe.awaitTermination(30, TimeUnit.SECONDS));
    }

    @Test
    void closeFromInside() throws Exception {
        // tag::close-inside[]
        ThreadPool pool = ThreadPool.builder().build();
        CountDownLatch closed = new CountDownLatch(1);
        pool.execute(() -> {
            pool.close();          // on a pool thread: shutdown() only; waiting here would never end
            closed.countDown();    // so close() returns and the task goes on
        });
        closed.await();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        // end::close-inside[]
        assertTrue(pool.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
    }
}
