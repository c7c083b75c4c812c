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

package io.tidepool.fault;

import static io.tidepool.fault.FaultSupport.await;
import static io.tidepool.fault.FaultSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Park;
import io.tidepool.ThreadPool;
import io.tidepool.Unpark;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 15, item 9: termination closes every park exactly once ({@link Park#close()}). */
class ParkCloseTest {
    @Test
    void shouldCloseEveryParkOnceWhenThePoolTerminates() throws Exception {
        final Map<Integer, ClosingPark> parks = new ConcurrentHashMap<>();
        final ThreadPool pool = ThreadPool.builder().poolSize(3)
                .customPark(id -> parks.computeIfAbsent(id.index(), i -> new ClosingPark(false)))
                .build();
        final CountDownLatch ran = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            pool.execute(ran::countDown);
        }
        await(ran, "the tasks");
        for (ClosingPark p : parks.values()) {
            assertEquals(0, p.closes.get(), "closed before termination");
        }
        shutdownAndAwait(pool);
        assertEquals(3, parks.size());
        for (ClosingPark p : parks.values()) {
            // awaitTermination returned: every close has happened, once
            assertEquals(1, p.closes.get(), "closes of one park");
        }
        pool.shutdownNow();
        pool.close();
        for (ClosingPark p : parks.values()) {
            assertEquals(1, p.closes.get(), "a second shutdown closed a park again");
        }
    }

    @Test
    void shouldReportAThrowingCloseAndStillCloseTheOtherParks() throws Exception {
        final Map<Integer, ClosingPark> parks = new ConcurrentHashMap<>();
        final List<Throwable> reported = new CopyOnWriteArrayList<>();
        final ThreadPool pool = ThreadPool.builder().poolSize(2)
                .customPark(id -> parks.computeIfAbsent(id.index(), i -> new ClosingPark(i == 0)))
                .uncaughtExceptionHandler((t, e) -> reported.add(e))
                .build();
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
        assertEquals(1, parks.get(0).closes.get());
        assertEquals(1, parks.get(1).closes.get());
        assertEquals(1, reported.size(), "reports: " + reported);
        assertSame(ClosingPark.CLOSE_FAILURE, reported.get(0));
    }

    /** A semaphore-backed park that counts its closes, and may throw from close. */
    private static final class ClosingPark implements Park, Unpark {
        static final IllegalStateException CLOSE_FAILURE = new IllegalStateException("close failed");
        final AtomicInteger closes = new AtomicInteger();
        private final Semaphore permit = new Semaphore(0);
        private final boolean failClose;

        ClosingPark(boolean failClose) {
            this.failClose = failClose;
        }

        @Override
        public void park() {
            try {
                permit.acquire();
                permit.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void park(Duration timeout) {
            try {
                if (permit.tryAcquire(Math.max(0L, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
                    permit.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void unpark() {
            permit.release();
        }

        @Override
        public Unpark unparker() {
            return this;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            if (failClose) {
                throw CLOSE_FAILURE;
            }
        }
    }
}
