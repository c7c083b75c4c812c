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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.internal.handoff.BlockingSpi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code io.tidepool.BlockingHandOff} JFR event: one per section that handed off, lasting
 * the section. Uses the hand-off SPI directly, as {@code io.tidepool.blocking.Blocking} does.
 */
@Timeout(60)
class HandOffJfrTest {

    @Test
    void shouldRecordOneHandOffEventPerSectionLastingTheSection(@TempDir Path dir) throws Exception {
        final Path file = dir.resolve("hand-off.jfr");
        final int n = 3;
        final long sectionMillis = 40;
        try (Recording recording = new Recording()) {
            recording.enable("io.tidepool.BlockingHandOff");
            recording.start();
            try (ThreadPool pool = ThreadPool.builder().poolSize(1).maxBlocking(2)
                    .namePrefix("jfr-hand-off").build()) {
                for (int i = 0; i < n; i++) {
                    final CountDownLatch done = new CountDownLatch(1);
                    pool.execute(() -> {
                        final boolean handedOff = BlockingSpi.tryHandOff();
                        try {
                            // the section's body: waits out its time on a latch nobody opens
                            awaitFor(sectionMillis);
                        } finally {
                            if (handedOff) {
                                BlockingSpi.endHandOff();
                            }
                        }
                        done.countDown();
                    });
                    await(done, "section " + i);
                }
                assertEquals(n, pool.metrics().blockingHandOffCount(), pool::toString);
            }
            recording.stop();
            recording.dump(file);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("io.tidepool.BlockingHandOff"))
                .collect(Collectors.toList());
        assertEquals(n, events.size(), () -> "hand-off events: " + events);
        for (RecordedEvent e : events) {
            assertEquals("jfr-hand-off", e.getString("pool"));
            assertEquals(0, e.getInt("worker"));
            assertTrue(e.getString("receiver").startsWith("jfr-hand-off-"), e::toString);
            assertTrue(e.getDuration().compareTo(Duration.ofMillis(sectionMillis)) >= 0, e::toString);
        }
    }

    @Test
    void shouldRecordTheMonitorsHandOffOfALongDeferredSection(@TempDir Path dir) throws Exception {
        final Path file = dir.resolve("deferred.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.tidepool.BlockingHandOff");
            recording.start();
            try (ThreadPool pool = ThreadPool.builder().poolSize(1).maxBlocking(2)
                    .namePrefix("jfr-deferred").build()) {
                final CountDownLatch done = new CountDownLatch(1);
                pool.execute(() -> {
                    final boolean inSection = BlockingSpi.beginSection();
                    try {
                        // far beyond the grace period: the monitor hands the worker off
                        awaitFor(200);
                    } finally {
                        if (inSection) {
                            BlockingSpi.endSection();
                        }
                    }
                    done.countDown();
                });
                await(done, "deferred section");
                assertEquals(1, pool.metrics().blockingHandOffCount(), pool::toString);
            }
            recording.stop();
            recording.dump(file);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("io.tidepool.BlockingHandOff"))
                .collect(Collectors.toList());
        assertEquals(1, events.size(), () -> "hand-off events: " + events);
        assertEquals("jfr-deferred", events.get(0).getString("pool"));
        assertEquals(0, events.get(0).getInt("worker"));
        assertTrue(events.get(0).getString("receiver").startsWith("jfr-deferred-"), events.get(0)::toString);
    }

    /** Lets {@code millis} pass inside a section: the blocking workload, not a wait for a condition. */
    static void awaitFor(long millis) {
        final CountDownLatch never = new CountDownLatch(1);
        try {
            never.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
