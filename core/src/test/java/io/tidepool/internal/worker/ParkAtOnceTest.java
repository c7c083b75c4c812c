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

package io.tidepool.internal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.park.IdleSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker woken out of a long park for a single task parks again at once after it
 * ({@link WorkerLoop#parksAtOnce}): the rule, the park length it reads, and that nothing queued
 * meanwhile is left behind by the shorter way to sleep.
 */
@Timeout(60)
class ParkAtOnceTest {
    private static final long WAIT_SECONDS = Eventually.WAIT_SECONDS;

    /** Leaves the pool idle for {@code nanos} (a gap of the test's making, not a wait for a condition). */
    private static void gap(long nanos) {
        final long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** The pool's internals, read from one of its workers. */
    private static Pool internals(ThreadPool pool) throws Exception {
        final CompletableFuture<Pool> found = new CompletableFuture<>();
        pool.execute(() -> found.complete(((WorkerThread) Thread.currentThread()).pool()));
        return found.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static boolean allParked(Pool pool) {
        for (int i = 0; i < pool.cores().length; i++) {
            if (pool.idle().sleepState(i) != IdleSet.PARKED) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldParkAtOnceOnlyAfterALongParkAndOneTask() {
        final long longPark = WorkerLoop.LONG_PARK_NANOS + 1;
        assertTrue(WorkerLoop.parksAtOnce(longPark, 1), "a long park, then one task");
        assertFalse(WorkerLoop.parksAtOnce(longPark, 2), "a long park, then two tasks");
        assertFalse(WorkerLoop.parksAtOnce(longPark, 0), "a long park, then no task");
        assertFalse(WorkerLoop.parksAtOnce(WorkerLoop.LONG_PARK_NANOS, 1), "a park of exactly the bound");
        assertFalse(WorkerLoop.parksAtOnce(1_000, 1), "a short park, then one task");
        assertFalse(WorkerLoop.parksAtOnce(0, 1), "no park since the count began");
    }

    @Test
    void shouldRecordHowLongTheParkBeforeATaskLasted() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("park-at-once").build()) {
            final Pool internals = internals(pool);
            Eventually.holds(() -> allParked(internals), "the worker to park");
            final long asleepBy = System.nanoTime();
            gap(2 * WorkerLoop.LONG_PARK_NANOS);
            final long idleAtLeast = System.nanoTime() - asleepBy;
            final CompletableFuture<Long> seen = new CompletableFuture<>();
            pool.execute(() -> seen.complete(((WorkerThread) Thread.currentThread()).lvCore().lastParkNanos));
            final long parked = seen.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(parked >= idleAtLeast, "recorded park " + parked + " ns, idle at least " + idleAtLeast + " ns");
            assertTrue(WorkerLoop.parksAtOnce(parked, 1), "a park of " + parked + " ns counts as long");
        }
    }

    @Test
    void shouldRunWhatArrivesWhileAWorkerParksAtOnce() throws Exception {
        final int rounds = 200;
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("park-at-once").build()) {
            final Pool internals = internals(pool);
            final AtomicInteger ran = new AtomicInteger();
            for (int round = 0; round < rounds; round++) {
                Eventually.holds(() -> allParked(internals), "both workers to park, round " + ran.get());
                gap(2 * WorkerLoop.LONG_PARK_NANOS);
                // one task out of idle; while it runs, a second outside task comes in: the worker
                // that ran the first parks at once after it, and the second must still run
                final CountDownLatch running = new CountDownLatch(1);
                final CountDownLatch both = new CountDownLatch(2);
                pool.execute(() -> {
                    running.countDown();
                    ran.incrementAndGet();
                    both.countDown();
                });
                assertTrue(running.await(WAIT_SECONDS, TimeUnit.SECONDS), "the first task did not start");
                pool.execute(() -> {
                    ran.incrementAndGet();
                    both.countDown();
                });
                assertTrue(both.await(WAIT_SECONDS, TimeUnit.SECONDS),
                        "round " + round + ": a task was left behind: " + pool.metrics());
            }
            assertEquals(2 * rounds, ran.get());
        }
    }
}
