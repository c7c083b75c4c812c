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

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Small helpers shared by the pool tests: bounded waits only, never a sleep. */
final class TestSupport {
    /** The longest any test waits for something that should happen soon. */
    static final long WAIT_SECONDS = 20;

    private TestSupport() {}

    /** Waits for {@code latch} to open, failing the test after {@link #WAIT_SECONDS}. */
    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "timed out waiting for " + what);
    }

    /**
     * Waits for {@code latch}, returning false instead of failing on timeout; for tasks blocked
     * inside the pool, where an assertion would only reach the uncaught-exception handler.
     */
    static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Lets {@code millis} pass while checking that {@code mustNotOpen} stays closed: a bounded
     * observation window for "this does not happen", not a wait for a condition.
     *
     * @return whether the latch stayed closed
     */
    static boolean staysClosed(CountDownLatch mustNotOpen, long millis) throws InterruptedException {
        return !mustNotOpen.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Shuts {@code pool} down and fails unless it terminates in time. */
    static void shutdownAndAwait(ThreadPool pool) throws InterruptedException {
        pool.shutdown();
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS),
                "pool did not terminate: " + pool);
    }

    /**
     * Waits, with a deadline of {@link #WAIT_SECONDS}, until every worker of {@code pool} is
     * parked (nobody is left to find a task, and every wake it caused or owed has happened).
     */
    static void awaitAllParked(ThreadPool pool) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (pool.metrics().numUnparkedWorkers() != 0) {
            if (System.nanoTime() - deadline > 0) {
                fail("workers still unparked: " + pool.metrics());
            }
            Thread.onSpinWait();
        }
    }
}
