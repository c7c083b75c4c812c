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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Park;
import io.tidepool.ThreadPool;
import io.tidepool.Unpark;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A custom {@code Park.park()} that throws every time: its idle worker backs off instead of
 * spinning, the run of throws is reported once, and tasks still run.
 */
@Timeout(60)
class BrokenParkTest {
    private static final RuntimeException PARK_FAILURE = new IllegalStateException("park failed");
    /** How long the test leaves the pool idle: a bounded pause, not a wait for a condition. */
    private static final long IDLE_MILLIS = 300;

    /** A park that always throws, counting its calls. */
    private static final class AlwaysThrows implements Park, Unpark {
        final AtomicLong parks;
        final CountDownLatch firstPark;

        AlwaysThrows(AtomicLong parks, CountDownLatch firstPark) {
            this.parks = parks;
            this.firstPark = firstPark;
        }

        @Override
        public void park() {
            parks.incrementAndGet();
            firstPark.countDown();
            throw PARK_FAILURE;
        }

        @Override
        public void park(Duration timeout) {
            park();
        }

        @Override
        public Unpark unparker() {
            return this;
        }

        @Override
        public void unpark() {
            // nothing to signal: the park never blocks
        }
    }

    @Test
    void aParkThatAlwaysThrowsShouldNotSpinNorFloodTheHandler() throws Exception {
        final AtomicLong parks = new AtomicLong();
        final CountDownLatch firstPark = new CountDownLatch(1);
        final List<Throwable> reported = new CopyOnWriteArrayList<>();
        final ThreadPool pool = ThreadPool.builder().poolSize(1).maxBlocking(0)
                .namePrefix("broken-park")
                .customPark(id -> new AlwaysThrows(parks, firstPark))
                .uncaughtExceptionHandler((t, e) -> reported.add(e)).build();
        try {
            await(firstPark, "the worker's first park");
            final long before = parks.get();
            new CountDownLatch(1).await(IDLE_MILLIS, TimeUnit.MILLISECONDS);
            final long during = parks.get() - before;
            // backing off from 2 us doubling to 10 ms: about 40 parks in 300 ms; a spin makes
            // hundreds of thousands
            assertTrue(during < 1_000, () -> during + " parks in " + IDLE_MILLIS + " ms");
            assertEquals(List.of(PARK_FAILURE), reported, "one report for the run of throws");
            final CountDownLatch ran = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                pool.execute(ran::countDown);
            }
            await(ran, "tasks on the worker with the broken park");
        } finally {
            shutdownAndAwait(pool);
        }
    }
}
