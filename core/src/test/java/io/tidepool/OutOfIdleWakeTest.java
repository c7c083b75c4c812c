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

import static io.tidepool.TestSupport.awaitAllParked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.internal.park.ThreadPark;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Out of idle, one task costs one wake-up: the submission wakes one sleeper, and that worker,
 * the last searcher when it finds the task, wakes nobody else (nothing is left queued). A
 * second unpark per burst (a searcher leaving and waking the next sleeper for nothing) puts a
 * second thread's wake on the path of every request a service gets between bursts.
 */
class OutOfIdleWakeTest {
    private static final int ROUNDS = 30;
    private static final int WORKERS = 4;

    @Test
    void shouldUnparkOneWorkerPerSingleTaskBurstFromIdle() throws InterruptedException {
        final AtomicInteger unparks = new AtomicInteger();
        try (ThreadPool pool = ThreadPool.builder().poolSize(WORKERS).namePrefix("out-of-idle")
                .customPark(id -> new CountingPark(unparks)).build()) {
            for (int round = 0; round < ROUNDS; round++) {
                awaitAllParked(pool);
                final int before = unparks.get();
                final CountDownLatch ran = new CountDownLatch(1);
                pool.execute(ran::countDown);
                assertTrue(ran.await(10, TimeUnit.SECONDS), "round " + round);
                // the woken worker searched, spun and went back to sleep: every wake it caused
                // or owed has happened by now
                awaitAllParked(pool);
                assertEquals(1, unparks.get() - before, "unparks in round " + round);
            }
            assertEquals(ROUNDS, pool.metrics().pollCount(), pool.metrics()::toString);
        }
    }

    /** The default park, counting the unparks of every worker of the pool. */
    private static final class CountingPark implements Park, Unpark {
        private final ThreadPark delegate = new ThreadPark();
        private final AtomicInteger unparks;

        CountingPark(AtomicInteger unparks) {
            this.unparks = unparks;
        }

        @Override
        public void park() {
            delegate.park();
        }

        @Override
        public void park(Duration timeout) {
            delegate.park(timeout);
        }

        @Override
        public void unpark() {
            unparks.incrementAndGet();
            delegate.unpark();
        }

        @Override
        public Unpark unparker() {
            return this;
        }
    }
}
