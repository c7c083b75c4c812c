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

import static io.tidepool.BackpressureTest.holdWorkers;
import static io.tidepool.TestSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidepool.micrometer.TidepoolMetrics;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rejection figures of a bounded pool in every place a user reads them: the snapshot, the
 * MXBean, the Micrometer binder, and the throttled JFR event.
 */
@Timeout(60)
class RejectionMetricsTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    /** A task class of its own, so the JFR event's class name is this one's. */
    static final class Refused implements Runnable {
        @Override
        public void run() {}
    }

    @Test
    void shouldPublishTheBoundTheQueuedCountAndTheRejectionsInTheMXBeanAndMicrometer() throws Exception {
        final ObjectName name = new ObjectName("io.tidepool:type=ThreadPool,name=rm-jmx");
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("rm-jmx").maxQueued(3)
                .jmx(true).build();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new TidepoolMetrics(pool, List.of(), Duration.ZERO).bindTo(registry);
        final CountDownLatch release = new CountDownLatch(1);
        try {
            holdWorkers(pool, 1, release);
            assertEquals(3.0, registry.get("executor.queue.remaining").gauge().value());
            for (int i = 0; i < 3; i++) {
                pool.execute(() -> {});
            }
            for (int i = 0; i < 5; i++) {
                assertThrows(RejectedExecutionException.class, () -> pool.execute(new Refused()));
            }
            assertEquals(3, SERVER.getAttribute(name, "MaxQueued"));
            assertEquals(3L, SERVER.getAttribute(name, "QueuedSubmissions"));
            assertEquals(5L, SERVER.getAttribute(name, "RejectedCount"));
            assertEquals(5.0, registry.get("tidepool.rejected").functionCounter().count());
            assertEquals(0.0, registry.get("executor.queue.remaining").gauge().value());
            assertEquals(3.0, registry.get("tidepool.queued.limit").gauge().value());
        } finally {
            release.countDown();
        }
        shutdownAndAwait(pool);
        assertEquals(5L, pool.metrics().rejectedCount());
    }

    @Test
    void shouldPublishNoBoundMetersForAnUnboundedPool() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("rm-unbounded").build();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new TidepoolMetrics(pool, List.of(), Duration.ZERO).bindTo(registry);
        assertEquals(ThreadPool.UNBOUNDED, pool.metrics().maxQueued());
        assertEquals(0.0, registry.get("tidepool.rejected").functionCounter().count());
        assertTrue(registry.find("executor.queue.remaining").meters().isEmpty());
        assertFalse(pool.metrics().toString().contains("rejected ="), pool.metrics().toString());
        shutdownAndAwait(pool);
    }

    @Test
    void shouldRecordThrottledRejectionEventsThatAccountForEveryRejection(@TempDir Path dir) throws Exception {
        final Path file = dir.resolve("rejections.jfr");
        final int rejections = 20_000;
        final long elapsed;
        final ThreadPool pool;
        try (Recording recording = new Recording()) {
            recording.enable("io.tidepool.Rejection");
            recording.start();
            pool = ThreadPool.builder().poolSize(1).namePrefix("rm-jfr").maxQueued(1).build();
            final CountDownLatch release = new CountDownLatch(1);
            final long start = System.nanoTime();
            try {
                holdWorkers(pool, 1, release);
                pool.execute(() -> {});
                for (int i = 0; i < rejections; i++) {
                    assertThrows(RejectedExecutionException.class, () -> pool.execute(new Refused()));
                }
            } finally {
                elapsed = System.nanoTime() - start;
                release.countDown();
            }
            shutdownAndAwait(pool);
            recording.stop();
            recording.dump(file);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("io.tidepool.Rejection"))
                .collect(Collectors.toList());
        assertFalse(events.isEmpty(), "no rejection event");
        // throttled: at most one per 100 ms interval, the first at once
        assertTrue(events.size() <= 1 + elapsed / 100_000_000L,
                events.size() + " events in " + elapsed + " ns");
        long sum = 0;
        long lastTotal = 0;
        for (RecordedEvent e : events) {
            assertEquals("rm-jfr", e.getString("pool"));
            assertEquals(Refused.class.getName(), e.getString("taskClass"));
            assertEquals(1, e.getInt("maxQueued"));
            sum += e.getLong("rejections");
            lastTotal = Math.max(lastTotal, e.getLong("totalRejections"));
        }
        // each event stands for the rejections since the previous one: none counted twice
        assertEquals(lastTotal, sum, () -> "events: " + events);
        assertTrue(lastTotal >= 1 && lastTotal <= rejections, "last total " + lastTotal);
        assertEquals(rejections, pool.metrics().rejectedCount());
    }
}
