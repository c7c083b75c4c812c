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

import static io.tidepool.fault.FaultSupport.WAIT_SECONDS;
import static io.tidepool.fault.FaultSupport.await;
import static io.tidepool.fault.FaultSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.Park;
import io.tidepool.ThreadPool;
import io.tidepool.Unpark;
import io.tidepool.internal.affinity.Affinities;
import io.tidepool.pinned.CpuSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 3: user callbacks ({@link Park#park()}, {@link Unpark#unpark()}, an Agrona
 * {@link IdleStrategy}) that throw are contained, reported, and lose no task.
 */
@Timeout(120)
class CallbackFaultTest {
    static final IllegalStateException PARK_FAILURE = new IllegalStateException("injected: park");
    static final IllegalStateException UNPARK_FAILURE =
            new IllegalStateException("injected: unpark");

    /** A semaphore park whose park and unpark throw while their counters of failures last. */
    static final class FaultyPark implements Park, Unpark {
        final Semaphore permit = new Semaphore(0);
        final AtomicInteger parkFailures;
        final AtomicInteger unparkFailures;
        /** Counted down at this park's first park only. */
        final CountDownLatch parked;
        private final AtomicBoolean first = new AtomicBoolean(true);

        FaultyPark(AtomicInteger parkFailures, AtomicInteger unparkFailures, CountDownLatch parked) {
            this.parkFailures = parkFailures;
            this.unparkFailures = unparkFailures;
            this.parked = parked;
        }

        @Override
        public void park() {
            if (first.compareAndSet(true, false)) {
                parked.countDown();
            }
            if (parkFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw PARK_FAILURE;
            }
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
            if (unparkFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw UNPARK_FAILURE;
            }
            permit.release();
        }

        @Override
        public Unpark unparker() {
            return this;
        }
    }

    @Test
    void aThrowingParkShouldNotKillTheWorker() throws Exception {
        final List<Throwable> reported = new CopyOnWriteArrayList<>();
        final AtomicInteger parkFailures = new AtomicInteger(1);
        final CountDownLatch parked = new CountDownLatch(1);
        final ThreadPool pool = ThreadPool.builder().poolSize(1).maxBlocking(0)
                .namePrefix("park-fault")
                .customPark(id -> new FaultyPark(parkFailures, new AtomicInteger(), parked))
                .uncaughtExceptionHandler((t, e) -> reported.add(e)).build();
        try {
            await(parked, "the worker's first park");
            final CountDownLatch ran = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                pool.execute(ran::countDown);
            }
            await(ran, "tasks after a throwing park");
            assertFalse(pool.isTerminated(), "terminated without a shutdown");
            assertTrue(reported.contains(PARK_FAILURE), () -> "not reported: " + reported);
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void aThrowingUnparkShouldNotFailExecuteNorStrandTheTask() throws Exception {
        final List<Throwable> reported = new CopyOnWriteArrayList<>();
        final AtomicInteger unparkFailures = new AtomicInteger();
        final CountDownLatch parked = new CountDownLatch(1);
        final ThreadPool pool = ThreadPool.builder().poolSize(1).maxBlocking(0)
                .namePrefix("unpark-fault")
                .customPark(id -> new FaultyPark(new AtomicInteger(), unparkFailures, parked))
                .uncaughtExceptionHandler((t, e) -> reported.add(e)).build();
        try {
            await(parked, "the worker parked");
            unparkFailures.set(1);
            final CountDownLatch ran = new CountDownLatch(1);
            assertDoesNotThrow(() -> pool.execute(ran::countDown), "execute of a queued task");
            // the one wake failed: the task still runs, and so do later ones
            await(ran, "the task whose wake threw");
            final CountDownLatch later = new CountDownLatch(1);
            pool.execute(later::countDown);
            await(later, "a later task");
            assertTrue(reported.contains(UNPARK_FAILURE), () -> "not reported: " + reported);
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void shutdownNowShouldReturnItsListWhenAWakeThrows() throws Exception {
        final List<Throwable> reported = new CopyOnWriteArrayList<>();
        final AtomicInteger unparkFailures = new AtomicInteger();
        final ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(0)
                .namePrefix("unpark-stop")
                .customPark(id -> new FaultyPark(new AtomicInteger(), unparkFailures,
                        new CountDownLatch(0)))
                .uncaughtExceptionHandler((t, e) -> reported.add(e)).build();
        final CountDownLatch busy = new CountDownLatch(2);
        final CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                busy.countDown();
                try {
                    release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        await(busy, "both workers busy");
        final List<Runnable> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            final Runnable r = () -> { };
            queued.add(r);
            pool.execute(r);
        }
        unparkFailures.set(Integer.MAX_VALUE);
        final List<Runnable> swept = assertDoesNotThrow(pool::shutdownNow);
        assertEquals(5, swept.size(), () -> "swept " + swept);
        assertTrue(swept.containsAll(queued));
        release.countDown();
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), pool::toString);
        assertTrue(reported.contains(UNPARK_FAILURE), () -> "not reported: " + reported);
    }

    @Test
    void aThrowingIdleStrategyShouldNotKillAReactor() throws Exception {
        assumeTrue(Affinities.backend().unsupportedReason() == null, "no affinity support");
        final List<Throwable> reported = new CopyOnWriteArrayList<>();
        final IllegalStateException failure = new IllegalStateException("injected: idle");
        final AtomicInteger idleFailures = new AtomicInteger(3);
        final CountDownLatch thrown = new CountDownLatch(3);
        final CpuSet allowed = CpuSet.allowed();
        final ThreadPool pool = ThreadPool.builder().pinnedCores(CpuSet.of(allowed.cpu(0)))
                .namePrefix("idle-fault")
                .idleStrategy(() -> new IdleStrategy() {
                    @Override
                    public void idle(int workCount) {
                        if (idleFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            thrown.countDown();
                            throw failure;
                        }
                        Thread.onSpinWait();
                    }

                    @Override
                    public void idle() {
                        idle(0);
                    }

                    @Override
                    public void reset() {}
                })
                .uncaughtExceptionHandler((t, e) -> reported.add(e)).build();
        try {
            // a reactor that died at the first throw would never idle again
            await(thrown, "three throwing idle turns");
            final CountDownLatch ran = new CountDownLatch(10);
            for (int i = 0; i < 10; i++) {
                pool.execute(ran::countDown);
            }
            await(ran, "tasks after a throwing idle strategy");
            assertTrue(reported.contains(failure), () -> "not reported: " + reported);
        } finally {
            shutdownAndAwait(pool);
        }
    }
}
