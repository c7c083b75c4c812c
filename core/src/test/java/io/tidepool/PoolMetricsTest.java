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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.internal.park.ThreadPark;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The counters of {@link ThreadPool#metrics()} move as a known workload says they must. Exact
 * figures are read after termination: every worker thread has exited, so every counter is final
 * and visible.
 */
@Timeout(60)
class PoolMetricsTest {

    @Test
    void shouldCountEachExternalSubmissionAsOneRemoteSchedule() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        final PoolMetrics before = pool.metrics();
        assertEquals(0, before.remoteScheduleCount());
        assertEquals(0, before.pollCount());
        final int n = 10_000;
        final CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.execute(done::countDown);
        }
        await(done, "the submissions");
        shutdownAndAwait(pool);
        final PoolMetrics after = pool.metrics();
        assertEquals(n, after.remoteScheduleCount(), after::toString);
        assertEquals(0, after.localScheduleCount(), after::toString);
        assertEquals(n, after.pollCount(), after::toString);
        assertEquals(0, after.queuedTasks());
        assertEquals("TERMINATED", after.state());
    }

    @Test
    void shouldCountSpawnsFromInsideAsLocalSchedules() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        final int children = 5_000;
        final CountDownLatch done = new CountDownLatch(children);
        pool.execute(() -> {
            for (int i = 0; i < children; i++) {
                pool.execute(done::countDown);
            }
        });
        await(done, "the children");
        shutdownAndAwait(pool);
        final PoolMetrics m = pool.metrics();
        assertEquals(children, m.localScheduleCount(), m::toString);
        assertEquals(1, m.remoteScheduleCount(), m::toString);
        assertEquals(children + 1, m.pollCount(), m::toString);
        long perWorker = 0;
        for (WorkerMetrics w : m.workers()) {
            perWorker += w.localScheduleCount();
        }
        assertEquals(children, perWorker);
    }

    @Test
    void shouldPublishEveryPollBeforeTheWorkerParks() throws Exception {
        // polls are published per batch: a worker that ran out of work must publish them all
        // before it sleeps, so a quiescent pool reads exact without being shut down
        final AtomicBoolean lastRan = new AtomicBoolean();
        final CountDownLatch parkedAfterWork = new CountDownLatch(1);
        final ThreadPool pool = ThreadPool.builder().poolSize(1)
                .customPark(id -> new SignallingPark(parkedAfterWork, lastRan))
                .build();
        try {
            // more than a batch (61 turns), and not a multiple of it
            final int children = 1_000;
            final AtomicInteger remaining = new AtomicInteger(children);
            final Runnable child = () -> {
                if (remaining.decrementAndGet() == 0) {
                    lastRan.set(true);
                }
            };
            pool.execute(() -> {
                for (int i = 0; i < children; i++) {
                    pool.execute(child);
                }
            });
            // one worker: its park after the last child's run follows everything it ran
            await(parkedAfterWork, "the worker to park after the last child");
            final PoolMetrics m = pool.metrics();
            assertEquals(children + 1, m.pollCount(), m::toString);
            assertEquals(children, m.localScheduleCount(), m::toString);
            assertEquals(1, m.remoteScheduleCount(), m::toString);
            assertTrue(m.totalBusyDuration().toNanos() > 0, m::toString);
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void shouldCountAStealWhenTwoSpawnedTasksMustRunAtOnce() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        // both children wait for each other: the worker that pushed them can run only one, so
        // the other worker must steal the second from its deque
        final CyclicBarrier both = new CyclicBarrier(2);
        final CountDownLatch met = new CountDownLatch(2);
        final Runnable child = () -> {
            try {
                both.await(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS);
                met.countDown();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        pool.execute(() -> {
            pool.execute(child);
            pool.execute(child);
        });
        await(met, "both children running at once");
        shutdownAndAwait(pool);
        final PoolMetrics m = pool.metrics();
        assertTrue(m.stealCount() >= 1, m::toString);
        assertTrue(m.stealOperations() >= 1, m::toString);
        assertTrue(m.stealCount() >= m.stealOperations(), m::toString);
        assertEquals(2, m.localScheduleCount(), m::toString);
    }

    @Test
    void shouldCountAParkOnceAWorkerSleeps() throws Exception {
        final CountDownLatch parked = new CountDownLatch(1);
        final ThreadPool pool = ThreadPool.builder().poolSize(1)
                .customPark(id -> new SignallingPark(parked))
                .build();
        try {
            await(parked, "the idle worker to park");
            final PoolMetrics m = pool.metrics();
            assertTrue(m.parkCount() >= 1, m::toString);
            assertTrue(m.worker(0).parkCount() >= 1, m::toString);
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void shouldMeasureBusyTimeAndMeanPollTimeOfSlowTasks() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).pollTimeHistogram(true).build();
        final int tasks = 20;
        final long taskNanos = TimeUnit.MILLISECONDS.toNanos(3);
        final CountDownLatch done = new CountDownLatch(tasks);
        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> {
                spin(taskNanos);
                done.countDown();
            });
        }
        await(done, "the slow tasks");
        shutdownAndAwait(pool);
        final PoolMetrics m = pool.metrics();
        assertTrue(m.totalBusyDuration().toNanos() >= tasks * taskNanos, m::toString);
        assertTrue(m.meanPollTime().toNanos() >= taskNanos, () -> "mean " + m.meanPollTime());
        assertTrue(m.meanPollTime().compareTo(Duration.ofSeconds(5)) < 0, () -> "mean " + m.meanPollTime());
        final Histogram h = m.pollTimeHistogram().orElseThrow();
        assertEquals(tasks, h.totalCount(), h::toString);
        // every task spun 3 ms: nothing below the bucket holding 3 ms
        assertTrue(h.quantileUpperBound(0.0).toNanos() > taskNanos, h::toString);
        long perWorker = 0;
        for (WorkerMetrics w : m.workers()) {
            perWorker += w.pollTimeHistogram().orElseThrow().totalCount();
        }
        assertEquals(tasks, perWorker);
    }

    @Test
    void shouldHaveNoHistogramAndNoLongPollsByDefault() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).build();
        final CountDownLatch done = new CountDownLatch(1);
        pool.execute(() -> {
            spin(TimeUnit.MILLISECONDS.toNanos(5));
            done.countDown();
        });
        await(done, "the task");
        shutdownAndAwait(pool);
        final PoolMetrics m = pool.metrics();
        assertTrue(m.pollTimeHistogram().isEmpty());
        assertEquals(0, m.longPollCount());
        assertEquals(1, m.pollCount());
    }

    @Test
    void shouldCountAsyncTasksAliveUntilTheyComplete() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        try {
            final CountDownLatch polled = new CountDownLatch(1);
            final TaskHandle<String> handle = pool.spawn(cx -> {
                polled.countDown();
                return Poll.pending();
            });
            await(polled, "the first poll");
            assertEquals(1, pool.metrics().numAliveTasks());
            handle.cancel(false);
            assertTrue(handle.isCancelled());
        } finally {
            shutdownAndAwait(pool);
        }
        assertEquals(0, pool.metrics().numAliveTasks());
    }

    @Test
    void shouldSummariseTheMetricsInToString() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("summary-pool").build();
        final CountDownLatch done = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            pool.execute(done::countDown);
        }
        await(done, "three tasks");
        shutdownAndAwait(pool);
        final String s = pool.toString();
        assertTrue(s.contains("summary-pool, TERMINATED"), s);
        assertTrue(s.contains("polls = 3"), s);
        assertTrue(s.contains("remote schedules = 3"), s);
        assertTrue(s.contains("workers = 2"), s);
        assertEquals(pool.metrics().toString(), s.substring(s.indexOf('[')));
    }

    @Test
    void shouldRejectANonPositiveLongPollThreshold() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThreadPool.builder().longPollThreshold(Duration.ZERO).build());
        assertTrue(e.getMessage().contains("longPollThreshold"), e.getMessage());
        assertThrows(NullPointerException.class, () -> ThreadPool.builder().longPollThreshold(null));
    }

    @Test
    void shouldPlaceDurationsInPowerOfTwoBuckets() {
        final Histogram h = new Histogram(new long[] {
            1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3});
        assertEquals(24, h.bucketCount());
        assertEquals(Duration.ZERO, h.lowerBound(0));
        assertEquals(Duration.ofNanos(1024), h.upperBound(0));
        assertEquals(Duration.ofNanos(1024), h.lowerBound(1));
        assertEquals(Duration.ofNanos(1L << 32), h.lowerBound(23));
        assertEquals(4, h.totalCount());
        assertEquals(Duration.ofNanos(1024), h.quantileUpperBound(0.25));
        assertEquals(Duration.ofNanos(Long.MAX_VALUE), h.quantileUpperBound(0.5));
        assertThrows(IndexOutOfBoundsException.class, () -> h.lowerBound(24));
        assertThrows(IllegalArgumentException.class, () -> h.quantileUpperBound(1.5));
        assertEquals(0, io.tidepool.internal.metrics.HistogramBuckets.indexOf(1023));
        assertEquals(1, io.tidepool.internal.metrics.HistogramBuckets.indexOf(1024));
        assertEquals(23, io.tidepool.internal.metrics.HistogramBuckets.indexOf(Long.MAX_VALUE));
        assertFalse(h.toString().isEmpty());
    }

    /** Busy-waits: the workload of a slow task, not a wait for a condition. */
    static void spin(long nanos) {
        final long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    /** The default park, opening a latch each time the worker is about to sleep. */
    /** A thread park that counts {@code parked} down on each park once {@code armed} is set. */
    private static final class SignallingPark implements Park {
        private final ThreadPark delegate = new ThreadPark();
        private final CountDownLatch parked;
        private final AtomicBoolean armed;

        SignallingPark(CountDownLatch parked) {
            this(parked, new AtomicBoolean(true));
        }

        SignallingPark(CountDownLatch parked, AtomicBoolean armed) {
            this.parked = parked;
            this.armed = armed;
        }

        @Override
        public void park() {
            if (armed.get()) {
                parked.countDown();
            }
            delegate.park();
        }

        @Override
        public void park(Duration timeout) {
            if (armed.get()) {
                parked.countDown();
            }
            delegate.park(timeout);
        }

        @Override
        public Unpark unparker() {
            return delegate.unparker();
        }
    }
}
