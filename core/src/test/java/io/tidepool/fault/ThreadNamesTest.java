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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 14: a thread dump shows who is a worker and who is a backup. The thread that
 * runs worker i is named {@code <prefix>-worker-i}, an idle backup {@code <prefix>-backup-n},
 * and a prefix ending in '-' gives no "--".
 */
@Timeout(60)
class ThreadNamesTest {
    /** Waits for a condition that a pool thread sets without a signal a test can latch on. */
    private static void eventually(BooleanSupplier condition, String what) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.yield();
        }
    }

    @Test
    void namesShouldFollowRolesAcrossARetakeAndTheTakeBack() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("roles-")
                .detectBlocking(Duration.ofMillis(50)).build();
        try {
            final AtomicReference<Thread> stuckThread = new AtomicReference<>();
            final AtomicReference<String> stuckName = new AtomicReference<>();
            final CountDownLatch started = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            pool.execute(() -> {
                stuckThread.set(Thread.currentThread());
                stuckName.set(Thread.currentThread().getName());
                started.countDown();
                try {
                    release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await(started, "the stuck task");
            assertEquals("roles-worker-0", stuckName.get());
            // runs once the detector handed worker 0 to another thread
            final AtomicReference<Thread> runner = new AtomicReference<>();
            final AtomicReference<String> runnerName = new AtomicReference<>();
            final CountDownLatch ran = new CountDownLatch(1);
            pool.execute(() -> {
                runner.set(Thread.currentThread());
                runnerName.set(Thread.currentThread().getName());
                ran.countDown();
            });
            await(ran, "a task behind the stuck one");
            assertNotSame(stuckThread.get(), runner.get(), "the stuck thread ran it");
            assertEquals("roles-worker-0", runnerName.get(), "the thread running worker 0");
            release.countDown();
            // the stuck thread, its task over and its worker gone, waits as an idle backup
            eventually(() -> stuckThread.get().getName().startsWith("roles-backup-"),
                    "the old thread named as a backup, now " + stuckThread.get().getName());
            assertTrue(stuckThread.get().getName().matches("roles-backup-[0-9]+"),
                    stuckThread.get().getName());
        } finally {
            shutdownAndAwait(pool);
        }
    }
}
