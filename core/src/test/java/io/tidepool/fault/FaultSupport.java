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

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Bounded waits for the fault-injection tests: latches and deadlines, never a sleep. */
final class FaultSupport {
    /** The longest any fault test waits for something that should happen soon. */
    static final long WAIT_SECONDS = 20;

    private FaultSupport() {}

    /** Waits for {@code latch}, failing the test after {@link #WAIT_SECONDS}. */
    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "timed out waiting for " + what);
    }

    /** Shuts {@code pool} down and fails unless it terminates in time. */
    static void shutdownAndAwait(ThreadPool pool) throws InterruptedException {
        pool.shutdown();
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS),
                "pool did not terminate: " + pool);
    }

    /**
     * Asks for garbage collections until {@code ref} is cleared or the deadline passes.
     *
     * @return whether the referent was collected
     */
    static boolean collected(WeakReference<?> ref) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        final CountDownLatch never = new CountDownLatch(1);
        while (ref.get() != null) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            System.gc();
            // a bounded pause for the reference handler between collections, not a wait for
            // the condition itself (which is re-checked at once)
            never.await(10, TimeUnit.MILLISECONDS);
        }
        return true;
    }
}
