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

package io.tidepool.pinned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.Park;
import io.tidepool.Poll;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import io.tidepool.Unpark;
import io.tidepool.Waker;
import io.tidepool.internal.affinity.Affinities;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pinned reactor whose custom park wakes a task on the reactor's own thread (as a readiness
 * reactor's park does): the wake lands on the reactor's own deque without waking anyone, and
 * the reactor must run it instead of parking again.
 */
class PinnedOwnParkTest {
    @BeforeAll
    static void needsAffinity() {
        assumeTrue(Affinities.backend().unsupportedReason() == null, "no affinity support");
    }

    /** Wakes the waker left in {@code toWake}, if any, and returns; otherwise blocks until unparked. */
    private static final class WakingPark implements Park, Unpark {
        private final AtomicReference<Waker> toWake;
        private final Semaphore permit = new Semaphore(0);

        WakingPark(AtomicReference<Waker> toWake) {
            this.toWake = toWake;
        }

        @Override
        public void park() {
            park(Duration.ofDays(1));
        }

        @Override
        public void park(Duration timeout) {
            final Waker w = toWake.getAndSet(null);
            if (w != null) {
                w.wake();
                return;
            }
            try {
                permit.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            permit.drainPermits();
        }

        @Override
        public Unpark unparker() {
            return this;
        }

        @Override
        public void unpark() {
            permit.release();
        }
    }

    @Test
    void shouldRunATaskItsOwnParkWokeWhileSleepingForShutdown() throws Exception {
        final AtomicReference<Waker> toWake = new AtomicReference<>();
        final ThreadPool pool = ThreadPool.builder().pinnedCores(CpuSet.of(CpuSet.allowed().cpu(0)))
                .namePrefix("own-park").customPark(id -> new WakingPark(toWake)).build();
        final CountDownLatch waiting = new CountDownLatch(1);
        final TaskHandle<String> task = pool.spawn(cx -> {
            if (waiting.getCount() > 0) {
                // the first poll waits; the park is the only one that will wake it
                toWake.set(cx.waker());
                waiting.countDown();
                return Poll.pending();
            }
            return Poll.ready("woken");
        });
        assertTrue(waiting.await(PinnedTestSupport.WAIT_SECONDS, TimeUnit.SECONDS), "the task's first poll");
        // the reactor now sleeps in the idle set, through the custom park, until terminated
        pool.shutdown();
        assertEquals("woken", task.get(PinnedTestSupport.WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(pool.awaitTermination(PinnedTestSupport.WAIT_SECONDS, TimeUnit.SECONDS),
                "pool did not terminate: " + pool);
    }
}
