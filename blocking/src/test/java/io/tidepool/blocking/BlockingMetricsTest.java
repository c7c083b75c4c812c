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

import static io.tidepool.blocking.PoolThreads.WAIT_SECONDS;
import static io.tidepool.blocking.PoolThreads.await;
import static io.tidepool.blocking.PoolThreads.awaitQuietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.PoolMetrics;
import io.tidepool.ThreadPool;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking figures of {@link ThreadPool#metrics()}. */
@Timeout(60)
class BlockingMetricsTest {

    /** Waits, with a deadline, for a figure that settles once threads reach their idle state. */
    static void eventually(BooleanSupplier condition, String what) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.yield();
        }
    }

    /** Runs one task whose blocking section waits for {@code release}; returns when it entered. */
    private static CountDownLatch section(ThreadPool pool, CountDownLatch release,
            CountDownLatch done) throws InterruptedException {
        final CountDownLatch entered = new CountDownLatch(1);
        pool.execute(() -> {
            Blocking.run(() -> {
                entered.countDown();
                awaitQuietly(release);
            });
            done.countDown();
        });
        await(entered, "the section");
        return entered;
    }

    @Test
    void shouldCountEveryHandOffAndShowSectionsAndBackupsWhileTheyRun() throws Exception {
        final int n = 5;
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).maxBlocking(4)
                .namePrefix("bm-count").build()) {
            final PoolMetrics before = pool.metrics();
            assertEquals(0, before.blockingHandOffCount());
            assertEquals(0, before.numActiveBlockingSections());
            assertEquals(0, before.numBackupThreads());
            for (int i = 0; i < n; i++) {
                final CountDownLatch release = new CountDownLatch(1);
                final CountDownLatch done = new CountDownLatch(1);
                section(pool, release, done);
                // the section hands off after the grace period, not at entry
                final int handOffs = i + 1;
                eventually(() -> pool.metrics().blockingHandOffCount() == handOffs, "hand-off " + handOffs);
                final PoolMetrics during = pool.metrics();
                assertEquals(i + 1, during.blockingHandOffCount(), during::toString);
                assertEquals(1, during.numActiveBlockingSections(), during::toString);
                assertTrue(during.numBackupThreads() >= 1, during::toString);
                release.countDown();
                await(done, "section " + i);
            }
            final PoolMetrics after = pool.metrics();
            assertEquals(n, after.blockingHandOffCount(), after::toString);
            // the permit is released when the body ends, before the task returns
            assertEquals(0, after.numActiveBlockingSections(), after::toString);
            assertTrue(after.toString().contains("hand-offs = " + n), after::toString);
            // the last section's thread ends its task, then waits as an idle backup
            eventually(() -> pool.metrics().numIdleBackupThreads() >= 1, "an idle backup");
            assertTrue(pool.metrics().numBackupThreads() >= pool.metrics().numIdleBackupThreads());
        }
    }

    @Test
    void shouldNotHandOffSectionsShorterThanTheGracePeriod() throws Exception {
        // the eager hand-off made one per section; a deferred section that ends within the
        // grace period (0.1 ms) makes none. A few may still be handed off when a worker thread
        // is descheduled mid-section on a loaded machine, hence the generous bound
        final int n = 2_000;
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(20)
                .namePrefix("bm-short").build()) {
            final CountDownLatch done = new CountDownLatch(n);
            final AtomicInteger inSection = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                pool.execute(() -> {
                    Blocking.run(() -> {
                        if (Blocking.inBlockingSection()) {
                            inSection.incrementAndGet();
                        }
                    });
                    done.countDown();
                });
            }
            await(done, "the short sections");
            assertEquals(n, inSection.get(), "every body runs in a section");
            final long handOffs = pool.metrics().blockingHandOffCount();
            assertTrue(handOffs < n / 10, handOffs + " of " + n + " short sections were handed off");
            System.out.printf("%d short sections: %d handed off%n", n, handOffs);
        }
    }

    @Test
    void shouldCountNoHandOffWhenSectionsRunInline() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).maxBlocking(0)
                .namePrefix("bm-inline").build()) {
            final CountDownLatch release = new CountDownLatch(1);
            final CountDownLatch done = new CountDownLatch(1);
            section(pool, release, done);
            final PoolMetrics during = pool.metrics();
            assertEquals(0, during.numActiveBlockingSections(), during::toString);
            assertEquals(0, during.numBackupThreads(), during::toString);
            release.countDown();
            await(done, "the inline section");
            assertEquals(0, pool.metrics().blockingHandOffCount());
        }
    }
}
