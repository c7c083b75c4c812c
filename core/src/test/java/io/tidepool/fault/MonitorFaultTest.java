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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 6: the blocking monitor survives a stuck task whose {@code toString()} throws;
 * afterwards it still hands stuck workers off.
 */
@Timeout(120)
class MonitorFaultTest {
    /** Blocks until the monitor has asked for its name, whose {@code toString()} then throws. */
    private static final class HostileStuckTask implements Runnable {
        final CountDownLatch described = new CountDownLatch(1);

        @Override
        public void run() {
            try {
                described.await(FaultSupport.WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            described.countDown();
            throw new IllegalStateException("injected: toString");
        }
    }

    @Test
    void aOneWorkerPoolShouldStillHandOffAfterAStuckTasksToStringThrew() throws Exception {
        final List<Throwable> reported = new CopyOnWriteArrayList<>();
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("monitor-fault")
                .detectBlocking(Duration.ofMillis(50))
                .uncaughtExceptionHandler((t, e) -> reported.add(e)).build();
        try {
            final HostileStuckTask hostile = new HostileStuckTask();
            pool.execute(hostile);
            await(hostile.described, "the monitor describing the stuck task");

            // the only worker waits on a task queued behind it: only a hand-off can run it
            final CountDownLatch queuedRan = new CountDownLatch(1);
            final CountDownLatch waiterDone = new CountDownLatch(1);
            final boolean[] sawQueued = new boolean[1];
            pool.execute(() -> {
                pool.execute(queuedRan::countDown);
                try {
                    sawQueued[0] = queuedRan.await(FaultSupport.WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                waiterDone.countDown();
            });
            await(waiterDone, "the waiting task");
            assertTrue(sawQueued[0], "the queued task never ran: the monitor no longer hands off");
            assertTrue(reported.stream().anyMatch(e -> "injected: toString".equals(e.getMessage())),
                    () -> "the fault was not reported: " + reported);
        } finally {
            shutdownAndAwait(pool);
        }
    }
}
