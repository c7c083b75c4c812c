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

package io.tidepool.blocking;

import static io.tidepool.blocking.PoolThreads.await;
import static io.tidepool.blocking.PoolThreads.awaitQuietly;
import static io.tidepool.blocking.PoolThreads.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Park;
import io.tidepool.ThreadPool;
import io.tidepool.Unpark;
import io.tidepool.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A take-back whose custom unpark throws (issue 15, item 3: user callbacks are contained): the
 * throw is reported, the claim on the parked worker is undone, and the section's thread
 * finishes its task without a worker instead of waiting for an answer that never comes.
 */
class TakeBackUnparkFaultTest {

    /** A working park whose unpark throws while {@link #failing} is set. */
    private static final class FailingUnparkPark implements Park, Unpark {
        static final AtomicBoolean failing = new AtomicBoolean();
        private volatile Thread owner;
        private final AtomicBoolean permit = new AtomicBoolean();

        @Override
        public void park() {
            park(Duration.ofMillis(50));
        }

        @Override
        public void park(Duration timeout) {
            owner = Thread.currentThread();
            if (!permit.getAndSet(false) && timeout.toNanos() > 0) {
                LockSupport.parkNanos(this, timeout.toNanos());
                permit.set(false);
            }
        }

        @Override
        public Unpark unparker() {
            return this;
        }

        @Override
        public void unpark() {
            if (failing.get()) {
                throw new IllegalStateException("planted unpark failure");
            }
            permit.set(true);
            LockSupport.unpark(owner);
        }
    }

    @Test
    void shouldFinishTheTaskWithoutAWorkerWhenTheTakeBackUnparkThrows() throws Exception {
        final List<Throwable> reported = new CopyOnWriteArrayList<>();
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(2)
                .namePrefix("tb-fault").customPark(id -> new FailingUnparkPark())
                .uncaughtExceptionHandler((t, e) -> reported.add(e)).build()) {
            final CountDownLatch handedOff = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            final CountDownLatch done = new CountDownLatch(1);
            final boolean[] workerAfter = new boolean[1];
            pool.execute(() -> {
                Blocking.run(() -> {
                    PoolThreads.awaitHandedOff();
                    handedOff.countDown();
                    awaitQuietly(release);
                });
                workerAfter[0] = Worker.current().isPresent();
                done.countDown();
            });
            await(handedOff, "the hand-off");
            eventually(() -> pool.metrics().numUnparkedWorkers() == 0, "every worker parked");
            FailingUnparkPark.failing.set(true);
            try {
                release.countDown();
                await(done, "the task after its section, without a worker");
            } finally {
                FailingUnparkPark.failing.set(false);
            }
            assertFalse(workerAfter[0], "took a worker whose unpark failed");
            assertEquals(0, pool.metrics().blockingTakeBackCount(), pool::toString);
            assertTrue(reported.stream().anyMatch(e -> "planted unpark failure".equals(e.getMessage())),
                    "the unpark's throw was not reported: " + reported);
            // the claimed worker went back to sleep as it was, and wakes for new work
            eventually(() -> pool.metrics().numUnparkedWorkers() == 0, "every worker parked again");
            assertEquals(7, pool.submit(() -> 7).get(PoolThreads.WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }
}
