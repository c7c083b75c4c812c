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

import static io.tidepool.TestSupport.await;
import static io.tidepool.TestSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The opt-in MBean appears in the platform MBean server, reads, and goes away at termination. */
@Timeout(60)
class PoolJmxTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @Test
    void shouldRegisterAReadableMBeanAndRemoveItAtTermination() throws Exception {
        final ObjectName name = new ObjectName("io.tidepool:type=ThreadPool,name=jmx-test-pool");
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("jmx-test-pool")
                .jmx(true).build();
        try {
            assertTrue(SERVER.isRegistered(name));
            final int n = 100;
            final CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                pool.execute(done::countDown);
            }
            await(done, "the tasks");
            assertEquals(2, SERVER.getAttribute(name, "PoolSize"));
            assertEquals("jmx-test-pool", SERVER.getAttribute(name, "Name"));
            assertEquals("RUNNING", SERVER.getAttribute(name, "State"));
            final long remote = (Long) SERVER.getAttribute(name, "RemoteScheduleCount");
            assertTrue(remote >= 1 && remote <= n, "remote schedules " + remote);
            assertEquals(2, ((long[]) SERVER.getAttribute(name, "WorkerPollCounts")).length);
            assertEquals(0, ((long[]) SERVER.getAttribute(name, "PollTimeHistogram")).length);
            final ThreadPoolMXBean proxy = JMX.newMXBeanProxy(SERVER, name, ThreadPoolMXBean.class);
            assertTrue(proxy.getPollCount() >= 1);
            assertTrue(proxy.getSummary().contains("jmx-test-pool"), proxy.getSummary());
        } finally {
            shutdownAndAwait(pool);
        }
        assertFalse(SERVER.isRegistered(name), "MBean still registered after termination");
        final long[] finalCounts = pool.metrics().workers().stream()
                .mapToLong(WorkerMetrics::pollCount).toArray();
        assertEquals(100, finalCounts[0] + finalCounts[1]);
    }

    @Test
    void shouldNotRegisterAnMBeanUnlessAsked() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("jmx-off-pool").build();
        try {
            assertTrue(SERVER.queryNames(new ObjectName("io.tidepool:name=jmx-off-pool,*"), null).isEmpty());
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void shouldRefuseASecondPoolOfTheSameNameWithJmx() throws Exception {
        final ThreadPool first = ThreadPool.builder().poolSize(1).namePrefix("jmx-twin").jmx(true).build();
        try {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ThreadPool.builder().poolSize(1).namePrefix("jmx-twin").jmx(true).build());
            assertTrue(e.getMessage().contains("jmx-twin"), e.getMessage());
        } finally {
            shutdownAndAwait(first);
        }
        // the name is free again once the first pool has terminated
        final ThreadPool second = ThreadPool.builder().poolSize(1).namePrefix("jmx-twin").jmx(true).build();
        shutdownAndAwait(second);
    }

    @Test
    void shouldQuoteANameThatAnObjectNameCannotHoldAsIs() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("odd,name=x").jmx(true).build();
        try {
            final ObjectName name = new ObjectName(
                    "io.tidepool:type=ThreadPool,name=" + ObjectName.quote("odd,name=x"));
            assertTrue(SERVER.isRegistered(name));
            assertEquals("odd,name=x", SERVER.getAttribute(name, "Name"));
            assertArrayEquals(new int[] {0}, (int[]) SERVER.getAttribute(name, "WorkerInboxDepths"));
        } finally {
            shutdownAndAwait(pool);
        }
    }
}
