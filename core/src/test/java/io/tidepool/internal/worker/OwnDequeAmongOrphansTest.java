/*
 * Copyright 2026 The tidepool authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.tidepool.internal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Park;
import io.tidepool.ThreadPool;
import io.tidepool.Unpark;
import io.tidepool.internal.queue.WorkStealingDeque;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker whose search meets its own deque among the orphans. A retake leaves the stuck
 * thread its old core, whose deque is published as an orphan; if the stuck task ended just
 * before the retake, that thread may run one more turn of the old core's loop and search the
 * orphans, its own deque among them. A batch steal cannot land in the deque it comes from (the
 * deque throws), and the worker died of it. Here the orphan is published by the worker itself,
 * from a task, so the search that follows meets it every time.
 */
@Timeout(60)
class OwnDequeAmongOrphansTest {

    /** A park on a semaphore that also reports each park to a latch the test arms. */
    private static final class ReportingPark implements Park, Unpark {
        private final Semaphore permits = new Semaphore(0);
        volatile CountDownLatch parked = new CountDownLatch(0);

        @Override
        public void park() {
            parked.countDown();
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            permits.drainPermits();
        }

        @Override
        public void park(Duration timeout) {
            parked.countDown();
            try {
                permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            permits.drainPermits();
        }

        @Override
        public Unpark unparker() {
            return this;
        }

        @Override
        public void unpark() {
            permits.release();
        }
    }

    @Test
    void shouldSearchPastItsOwnDequeAndKeepRunningTasks() throws Exception {
        final ReportingPark park = new ReportingPark();
        final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        final ThreadPool pool = ThreadPool.builder()
                .poolSize(1)
                .customPark(id -> park)
                .uncaughtExceptionHandler((t, e) -> uncaught.add(e))
                .build();
        try {
            final AtomicReference<Pool> internals = new AtomicReference<>();
            final AtomicReference<WorkStealingDeque<Runnable>> own = new AtomicReference<>();
            final CountDownLatch parkedAfter = new CountDownLatch(1);
            final CountDownLatch published = new CountDownLatch(1);
            pool.execute(() -> {
                final WorkerThread worker = (WorkerThread) Thread.currentThread();
                final WorkerCore core = worker.lvCore();
                internals.set(worker.pool());
                own.set(core.deque);
                // the next park comes after the search that meets the orphan
                park.parked = parkedAfter;
                worker.pool().addOrphan(core.deque);
                published.countDown();
            });
            assertTrue(published.await(10, TimeUnit.SECONDS), "the publishing task did not run");
            assertTrue(parkedAfter.await(10, TimeUnit.SECONDS),
                    "the worker did not come back to park after searching its own deque: " + uncaught);
            assertNotNull(internals.get());
            internals.get().removeOrphan(own.get());

            final CountDownLatch ran = new CountDownLatch(1);
            pool.execute(ran::countDown);
            assertTrue(ran.await(10, TimeUnit.SECONDS), "the worker no longer runs tasks: " + uncaught);
            assertEquals(List.of(), uncaught);
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "the pool did not terminate");
        } finally {
            pool.shutdownNow();
        }
    }
}
