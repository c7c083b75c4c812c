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
import static io.tidepool.TestSupport.awaitQuietly;
import static io.tidepool.TestSupport.shutdownAndAwait;
import static io.tidepool.TestSupport.staysClosed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * The opt-in schedule-latency histogram: one value per run, a held-back task records at least
 * the time it was held, and the timestamp wrapper never shows through to the user.
 */
@Timeout(60)
class ScheduleLatencyTest {
    /** How long the held-back task is kept from running. */
    private static final long HOLD_MILLIS = 150;

    @Test
    void shouldRecordOneLatencyPerRunOfEveryKindOfTask() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).scheduleLatencyHistogram(true).build();
        final int external = 1_000;
        final int children = 1_000;
        final int asyncPolls = 5;
        final CountDownLatch done = new CountDownLatch(external + children);
        for (int i = 0; i < external; i++) {
            pool.execute(done::countDown);
        }
        pool.execute(() -> {
            for (int i = 0; i < children; i++) {
                pool.execute(done::countDown);
            }
        });
        // an async task woken from this (outside) thread after each pending poll
        final AtomicInteger polls = new AtomicInteger();
        final AtomicReference<Waker> waker = new AtomicReference<>();
        final CountDownLatch[] polled = new CountDownLatch[asyncPolls];
        for (int i = 0; i < asyncPolls; i++) {
            polled[i] = new CountDownLatch(1);
        }
        final TaskHandle<Integer> handle = pool.spawn(cx -> {
            final int n = polls.incrementAndGet();
            waker.set(cx.waker());
            polled[n - 1].countDown();
            return n == asyncPolls ? Poll.ready(n) : Poll.pending();
        });
        for (int i = 0; i < asyncPolls - 1; i++) {
            await(polled[i], "async poll " + (i + 1));
            waker.get().wake();
        }
        assertEquals(asyncPolls, handle.get(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS));
        await(done, "the submitted and spawned tasks");
        shutdownAndAwait(pool);

        final PoolMetrics m = pool.metrics();
        final long runs = external + 1 + children + asyncPolls;
        assertEquals(runs, m.pollCount(), m::toString);
        final Histogram h = m.scheduleLatencyHistogram().orElseThrow();
        assertEquals(runs, h.totalCount(), h::toString);
        long perWorker = 0;
        for (WorkerMetrics w : m.workers()) {
            final Histogram wh = w.scheduleLatencyHistogram().orElseThrow();
            assertEquals(w.pollCount(), wh.totalCount(), w::toString);
            perWorker += wh.totalCount();
        }
        assertEquals(runs, perWorker);
        // only the latency histogram was asked for
        assertTrue(m.pollTimeHistogram().isEmpty());
    }

    @Test
    void shouldRecordAtLeastTheHoldTimeForATaskHeldBehindABlocker() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).scheduleLatencyHistogram(true).build();
        final CountDownLatch blockerStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch heldRan = new CountDownLatch(1);
        final long[] heldStart = new long[1];
        pool.execute(() -> {
            blockerStarted.countDown();
            awaitQuietly(release);
        });
        await(blockerStarted, "the blocker");
        final long submitted = System.nanoTime();
        pool.execute(() -> {
            heldStart[0] = System.nanoTime();
            heldRan.countDown();
        });
        // the only worker is blocked: the task must not start while the latch is closed
        assertTrue(staysClosed(heldRan, HOLD_MILLIS), "the held task ran behind a blocked worker");
        release.countDown();
        await(heldRan, "the held task");
        shutdownAndAwait(pool);

        final long observed = heldStart[0] - submitted; // the test's own view, an upper bound
        final Histogram h = pool.metrics().scheduleLatencyHistogram().orElseThrow();
        assertEquals(2, h.totalCount(), h::toString);
        final int top = highestNonEmptyBucket(h);
        // the held task's latency is >= the hold, so its bucket ends above the hold ...
        assertTrue(h.upperBound(top).toNanos() > TimeUnit.MILLISECONDS.toNanos(HOLD_MILLIS),
                () -> h + ", top bucket " + top);
        // ... and starts no later than the latency the test itself observed
        assertTrue(h.lowerBound(top).toNanos() <= observed, () -> h + ", observed " + observed);
        assertEquals(1, h.count(top), h::toString);
    }

    @Test
    void shouldKeepNoScheduleLatencyHistogramByDefault() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("latency-off")
                .jmx(true).build();
        final CountDownLatch done = new CountDownLatch(1);
        pool.execute(done::countDown);
        await(done, "the task");
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        final ObjectName name = new ObjectName("io.tidepool:type=ThreadPool,name=latency-off");
        assertEquals(0, ((long[]) server.getAttribute(name, "ScheduleLatencyHistogram")).length);
        shutdownAndAwait(pool);
        final PoolMetrics m = pool.metrics();
        assertTrue(m.scheduleLatencyHistogram().isEmpty());
        assertTrue(m.worker(0).scheduleLatencyHistogram().isEmpty());
    }

    @Test
    void shouldExposeTheMergedHistogramOverJmx() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("latency-jmx")
                .scheduleLatencyHistogram(true).jmx(true).build();
        try {
            final int n = 100;
            final CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                pool.execute(done::countDown);
            }
            await(done, "the tasks");
            final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            final ObjectName name = new ObjectName("io.tidepool:type=ThreadPool,name=latency-jmx");
            final long[] counts = (long[]) server.getAttribute(name, "ScheduleLatencyHistogram");
            assertEquals(24, counts.length);
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            // every task counted down before the read, and each was recorded before it ran
            assertTrue(total >= n, "histogram total " + total);
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void shouldHandBackTheSubmittedRunnablesFromShutdownNow() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).scheduleLatencyHistogram(true).build();
        final CountDownLatch blockerStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        pool.execute(() -> {
            blockerStarted.countDown();
            awaitQuietly(release);
        });
        await(blockerStarted, "the blocker");
        final List<Runnable> submitted = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            final Runnable r = new Named("queued-" + i);
            submitted.add(r);
            pool.execute(r);
        }
        final List<Runnable> returned = pool.shutdownNow();
        release.countDown();
        assertTrue(pool.awaitTermination(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(submitted.size(), returned.size(), returned::toString);
        final Set<Runnable> expected = Collections.newSetFromMap(new IdentityHashMap<>());
        expected.addAll(submitted);
        for (Runnable r : returned) {
            assertTrue(expected.remove(r), () -> "not a submitted object: " + r + " (" + r.getClass() + ")");
        }
        assertTrue(expected.isEmpty());
        // and a rejection names the user's task, not a wrapper
        final Runnable late = new Named("late-task");
        final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> pool.execute(late));
        assertTrue(e.getMessage().contains("late-task"), e.getMessage());
    }

    @Test
    void shouldGiveTheUserTaskToHandlersAndJfr(@TempDir Path dir) throws Exception {
        final Path file = dir.resolve("latency.jfr");
        final AtomicReference<Throwable> caught = new AtomicReference<>();
        final CountDownLatch handled = new CountDownLatch(1);
        final RuntimeException boom = new IllegalStateException("boom");
        try (Recording recording = new Recording()) {
            recording.enable("io.tidepool.LongPoll");
            recording.start();
            final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("latency-jfr")
                    .scheduleLatencyHistogram(true)
                    .longPollThreshold(Duration.ofMillis(30))
                    .uncaughtExceptionHandler((t, x) -> {
                        caught.set(x);
                        handled.countDown();
                    })
                    .build();
            final CountDownLatch done = new CountDownLatch(1);
            pool.execute(new PoolJfrTest.SlowTask(done));
            pool.execute(() -> {
                throw boom;
            });
            await(done, "the slow task");
            await(handled, "the handler");
            shutdownAndAwait(pool);
            recording.stop();
            recording.dump(file);
        }
        assertSame(boom, caught.get());
        final List<RecordedEvent> longPolls = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("io.tidepool.LongPoll"))
                .filter(e -> "latency-jfr".equals(e.getString("pool")))
                .collect(Collectors.toList());
        // the throwing task may be a long poll too on a loaded machine; no event names a wrapper
        final String slow = PoolJfrTest.SlowTask.class.getName();
        assertEquals(1, longPolls.stream().filter(e -> slow.equals(e.getString("taskClass"))).count(),
                () -> "long polls: " + longPolls);
        assertTrue(longPolls.stream().noneMatch(e -> e.getString("taskClass").contains("Timestamped")),
                () -> "long polls: " + longPolls);
    }

    private static int highestNonEmptyBucket(Histogram h) {
        for (int i = h.bucketCount() - 1; i >= 0; i--) {
            if (h.count(i) > 0) {
                return i;
            }
        }
        return -1;
    }

    /** A task with a name, to recognise it in lists and messages. */
    private static final class Named implements Runnable {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public void run() {
            assertFalse(name.isEmpty());
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
