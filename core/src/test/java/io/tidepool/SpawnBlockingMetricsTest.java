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

import static io.tidepool.TestSupport.WAIT_SECONDS;
import static io.tidepool.TestSupport.await;
import static io.tidepool.TestSupport.awaitQuietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The spawnBlocking figures of {@link ThreadPool#metrics()}. */
@Timeout(60)
class SpawnBlockingMetricsTest {

    @Test
    void shouldShowBlockingThreadsAndQueuedJobs() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("sbm").jmx(true)
                .blockingThreads(1).blockingQueueCapacity(4).build()) {
            final PoolMetrics none = pool.metrics();
            assertEquals(0, none.numBlockingThreads(), none::toString);
            assertEquals(0, none.blockingQueueDepth(), none::toString);
            final CountDownLatch started = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            final CompletableFuture<Boolean> holder = pool.spawnBlocking(() -> {
                started.countDown();
                return awaitQuietly(release);
            });
            await(started, "the job holding the only thread");
            final CompletableFuture<Integer> q1 = pool.spawnBlocking(() -> 1);
            final CompletableFuture<Integer> q2 = pool.spawnBlocking(() -> 2);
            final PoolMetrics busy = pool.metrics();
            assertEquals(1, busy.numBlockingThreads(), busy::toString);
            assertEquals(0, busy.numIdleBlockingThreads(), busy::toString);
            assertEquals(2, busy.blockingQueueDepth(), busy::toString);
            assertTrue(busy.toString().contains("blocking threads = 1 (idle 0, queued 2)"),
                    busy::toString);
            final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            final ObjectName name = new ObjectName("io.tidepool:type=ThreadPool,name=sbm");
            assertEquals(2, server.getAttribute(name, "BlockingQueueDepth"));
            assertEquals(1, server.getAttribute(name, "BlockingThreads"));
            assertEquals(0L, server.getAttribute(name, "BlockingHandOffCount"));
            assertEquals(0L, server.getAttribute(name, "BlockingDetectionCount"));
            assertEquals(0, server.getAttribute(name, "ActiveBlockingSections"));
            release.countDown();
            assertTrue(holder.get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(3, q1.get(WAIT_SECONDS, TimeUnit.SECONDS) + q2.get(WAIT_SECONDS, TimeUnit.SECONDS));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            // the thread unlocks its worker state just after completing the last future
            while (pool.metrics().numIdleBlockingThreads() != 1) {
                assertTrue(System.nanoTime() < deadline, pool::toString);
                Thread.yield();
            }
            assertEquals(0, pool.metrics().blockingQueueDepth());
        }
    }
}
