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

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import io.tidepool.Worker;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Test helpers: a pool's live threads by name, bounded waits only. */
final class PoolThreads {
    /** The longest any test waits for something that should happen soon. */
    static final long WAIT_SECONDS = 20;

    private PoolThreads() {}

    /** Live threads of the pool named {@code name}: workers, sections and backups. */
    static List<Thread> of(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(name + "-") && t.isAlive())
                .collect(Collectors.toList());
    }

    /**
     * Threads of the pool named {@code name} that run workers, sections or backups: all but its
     * monitor thread ({@code -detector}), which exists whenever {@code maxBlocking > 0}.
     */
    static List<Thread> workersAndBackups(String name) {
        return of(name).stream().filter(t -> !t.getName().equals(name + "-detector"))
                .collect(Collectors.toList());
    }

    /**
     * Inside a section, waits (bounded) until the pool's monitor has handed the calling thread's
     * worker to a backup: sections are handed off only after a short grace period.
     */
    static void awaitHandedOff() {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (Worker.current().isPresent()) {
            assertTrue(System.nanoTime() < deadline, "the section was never handed off");
            Thread.onSpinWait();
        }
    }

    /** Waits, with a deadline, until {@code condition} holds. */
    static void eventually(BooleanSupplier condition, String what) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.yield();
        }
    }

    /** Waits for {@code latch}, failing after {@link #WAIT_SECONDS}. */
    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "timed out waiting for " + what);
    }

    /** Waits for {@code latch} inside a pool task; false on timeout or interrupt. */
    static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Joins {@code t}, failing unless it exits within {@link #WAIT_SECONDS}. */
    static void join(Thread t) throws InterruptedException {
        t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertFalse(t.isAlive(), t.getName() + " did not exit");
    }

    /** Waits for the pool to terminate, then checks that none of its threads is alive. */
    static void assertTerminatedWithoutThreads(ThreadPool pool, List<Thread> seen)
            throws InterruptedException {
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "not terminated: " + pool);
        // the termination future completes when the last thread has counted itself out; the
        // threads themselves end just after
        for (Thread t : seen) {
            join(t);
        }
        for (Thread t : of(pool.name())) {
            join(t);
        }
        assertTrue(of(pool.name()).isEmpty(), "threads left: " + of(pool.name()));
    }
}
