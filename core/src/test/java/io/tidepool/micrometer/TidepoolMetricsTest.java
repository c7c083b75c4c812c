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

package io.tidepool.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidepool.PoolMetrics;
import io.tidepool.ThreadPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link TidepoolMetrics} on a {@link SimpleMeterRegistry}: the meters move with real work. */
@Timeout(60)
class TidepoolMetricsTest {
    private static final long WAIT_SECONDS = 20;

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "timed out waiting for " + what);
    }

    private static double counter(MeterRegistry r, String name, String... tags) {
        return r.get(name).tags(tags).functionCounter().count();
    }

    private static double gauge(MeterRegistry r, String name, String... tags) {
        return r.get(name).tags(tags).gauge().value();
    }

    @Test
    void shouldCountTasksRunWithTheNameAndUserTagsOnEveryMeter() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("mm-orders").build();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new TidepoolMetrics(pool, Tags.of("env", "test"), Duration.ZERO).bindTo(registry);
        assertEquals(0.0, counter(registry, "executor.completed"));
        assertEquals(2.0, gauge(registry, "executor.pool.size"));

        final int n = 500;
        final CountDownLatch ran = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.execute(ran::countDown);
        }
        await(ran, "the tasks");
        pool.close();   // a terminated pool has published every count: they are exact

        assertEquals(n, counter(registry, "executor.completed", "name", "mm-orders", "env", "test"));
        assertEquals(n, counter(registry, "tidepool.schedules", "origin", "remote"));
        assertEquals(0.0, counter(registry, "tidepool.schedules", "origin", "local"));
        assertEquals(0.0, gauge(registry, "executor.queued"));
        assertTrue(counter(registry, "tidepool.busy.time") > 0, "busy time after 500 tasks");
        final List<Meter> meters = registry.getMeters();
        assertTrue(meters.size() >= 25, meters.size() + " meters");
        for (Meter m : meters) {
            assertEquals("mm-orders", m.getId().getTag("name"), m.getId()::toString);
            assertEquals("test", m.getId().getTag("env"), m.getId()::toString);
        }
    }

    @Test
    void gaugesShouldShowTheTasksWaitingBehindABusyWorker() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("mm-busy").build();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new TidepoolMetrics(pool, Tags.empty(), Duration.ZERO).bindTo(registry);
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch behind = new CountDownLatch(10);
        try {
            pool.execute(() -> {
                started.countDown();
                try {
                    release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await(started, "the blocking task to start");
            for (int i = 0; i < 10; i++) {
                pool.execute(behind::countDown);
            }
            // the only worker is inside the first task: the ten wait in its inbox
            assertEquals(10.0, gauge(registry, "executor.queued"));
            assertEquals(10.0, gauge(registry, "tidepool.queued", "queue", "inbox"));
            assertEquals(0.0, gauge(registry, "tidepool.queued", "queue", "local"));
            assertEquals(1.0, gauge(registry, "executor.active"));
        } finally {
            release.countDown();
        }
        await(behind, "the queued tasks");
        pool.close();
        assertEquals(0.0, gauge(registry, "executor.queued"));
        assertEquals(11.0, counter(registry, "executor.completed"));
    }

    @Test
    void everyMeterShouldReadItsFigureOfTheSnapshot() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("mm-figures").build();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new TidepoolMetrics(pool, Tags.empty(), Duration.ZERO).bindTo(registry);
        final int children = 200;
        final CountDownLatch ran = new CountDownLatch(children);
        // spawns from inside the pool: local schedules, and work for the other worker to steal
        pool.execute(() -> {
            for (int i = 0; i < children; i++) {
                pool.spawn(ran::countDown);
            }
        });
        await(ran, "the spawned tasks");
        pool.close();
        final PoolMetrics m = pool.metrics();
        assertEquals(children, m.localScheduleCount());
        assertEquals(m.pollCount(), counter(registry, "executor.completed"));
        assertEquals(m.stealCount(), counter(registry, "executor.steals"));
        assertEquals(m.stealOperations(), counter(registry, "tidepool.steal.operations"));
        assertEquals(m.parkCount(), counter(registry, "tidepool.parks"));
        assertEquals(children, counter(registry, "tidepool.schedules", "origin", "local"));
        assertEquals(1.0, counter(registry, "tidepool.schedules", "origin", "remote"));
        assertEquals(m.totalBusyDuration().toNanos() / 1e9, counter(registry, "tidepool.busy.time"));
        assertEquals(m.meanPollTime().toNanos() / 1e9, gauge(registry, "tidepool.poll.time.mean"));
        assertEquals(m.numUnparkedWorkers(), gauge(registry, "executor.active"));
        assertEquals(m.numAliveTasks(), gauge(registry, "tidepool.async.tasks"));
        assertEquals(m.blockingDetectionCount(), counter(registry, "tidepool.blocking.detections"));
        assertEquals(m.numBlockingThreads(), gauge(registry, "tidepool.spawn.blocking.threads"));
        // no histogram kept, none published
        assertTrue(registry.find("tidepool.poll.time.buckets").meters().isEmpty());
        assertTrue(registry.find("tidepool.schedule.latency.buckets").meters().isEmpty());
    }

    @Test
    void spawnBlockingJobsShouldShowInTheBlockingMeters() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("mm-blocking").build();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new TidepoolMetrics(pool, Tags.empty(), Duration.ZERO).bindTo(registry);
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        try {
            pool.spawnBlocking(() -> {
                inside.countDown();
                release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                return null;
            });
            await(inside, "the blocking job");
            assertEquals(1.0, gauge(registry, "tidepool.spawn.blocking.threads"));
            assertEquals(0.0, gauge(registry, "tidepool.spawn.blocking.idle"));
        } finally {
            release.countDown();
        }
        pool.close();
    }

    @Test
    void histogramsShouldBePublishedAsRunningTotalsPerBucket() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("mm-histograms")
                .pollTimeHistogram(true).scheduleLatencyHistogram(true).build();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new TidepoolMetrics(pool, Tags.empty(), Duration.ZERO).bindTo(registry);
        final int n = 300;
        final CountDownLatch ran = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.execute(ran::countDown);
        }
        await(ran, "the tasks");
        pool.close();
        final PoolMetrics m = pool.metrics();
        for (String name : List.of("tidepool.poll.time.buckets", "tidepool.schedule.latency.buckets")) {
            final List<FunctionCounter> buckets = byBound(registry.find(name).functionCounters());
            assertEquals(m.pollTimeHistogram().orElseThrow().bucketCount(), buckets.size(), name);
            assertEquals("0.000001024", buckets.get(0).getId().getTag("le"), name);
            assertEquals("+Inf", buckets.get(buckets.size() - 1).getId().getTag("le"), name);
            double previous = 0;
            for (FunctionCounter b : buckets) {
                assertTrue(b.count() >= previous, () -> name + " is not a running total: " + buckets);
                previous = b.count();
            }
            assertEquals(n, previous, name + " le=+Inf counts every task");
        }
        // a bucket's running total is the sum of the snapshot's counts up to it
        final long[] counts = m.pollTimeHistogram().orElseThrow().counts();
        long below = 0;
        final List<FunctionCounter> polls = byBound(registry.find("tidepool.poll.time.buckets")
                .functionCounters());
        for (int i = 0; i < counts.length; i++) {
            below += counts[i];
            assertEquals(below, polls.get(i).count(), "bucket " + i);
        }
    }

    @Test
    void oneSnapshotShouldServeTheMetersForItsMaximumAge() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("mm-cached").build();
        final SimpleMeterRegistry cached = new SimpleMeterRegistry();
        final SimpleMeterRegistry fresh = new SimpleMeterRegistry();
        new TidepoolMetrics(pool, Tags.empty(), Duration.ofHours(1)).bindTo(cached);
        new TidepoolMetrics(pool, Tags.empty(), Duration.ZERO).bindTo(fresh);
        assertEquals(0.0, counter(cached, "executor.completed"));   // takes the hour-long snapshot
        final CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        await(ran, "the task");
        pool.close();
        assertEquals(0.0, counter(cached, "executor.completed"));
        assertEquals(1.0, counter(fresh, "executor.completed"));
    }

    @Test
    void aCacheShouldTakeANewSnapshotOnceTheLastIsTooOld() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("mm-clock").build();
        try {
            final long[] now = {1_000};
            final SnapshotCache cache = new SnapshotCache(100, () -> now[0]);
            final SnapshotCache.Reading first = cache.read(pool);
            now[0] += 99;
            assertTrue(first == cache.read(pool), "a reading 99 ns old is reused at max age 100");
            now[0] += 1;
            final SnapshotCache.Reading second = cache.read(pool);
            assertTrue(first != second, "a reading 100 ns old is replaced");
            assertEquals(1_100, second.takenAt);
            final SnapshotCache never = new SnapshotCache(0, () -> now[0]);
            assertTrue(never.read(pool) != never.read(pool), "max age 0 never reuses");
        } finally {
            pool.close();
        }
    }

    @Test
    void badArgumentsShouldBeRefusedByName() {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("mm-args").build();
        try {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TidepoolMetrics(pool, Tags.empty(), Duration.ofMillis(-1)));
            assertEquals("snapshotMaxAge must be >= 0: PT-0.001S", e.getMessage());
            assertEquals("pool", assertThrows(NullPointerException.class,
                    () -> new TidepoolMetrics(null)).getMessage());
            assertEquals("tags", assertThrows(NullPointerException.class,
                    () -> new TidepoolMetrics(pool, null)).getMessage());
            assertEquals("registry", assertThrows(NullPointerException.class,
                    () -> new TidepoolMetrics(pool).bindTo(null)).getMessage());
        } finally {
            pool.close();
        }
    }

    @Test
    void timerMetersShouldFollowTheWheels() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("mm-timers").build();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new TidepoolMetrics(pool, Tags.empty(), Duration.ZERO).bindTo(registry);
        final java.util.concurrent.ScheduledFuture<?> far = pool.schedule(() -> { }, 1,
                java.util.concurrent.TimeUnit.HOURS);
        pool.schedule(() -> { }, 1, java.util.concurrent.TimeUnit.MILLISECONDS)
                .get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1.0, gauge(registry, "tidepool.timers.armed"));
        assertEquals(1.0, counter(registry, "tidepool.timers.fired"));
        far.cancel(false);
        pool.close();
        assertEquals(1.0, counter(registry, "tidepool.timers.cancelled"));
        assertEquals(0.0, gauge(registry, "tidepool.timers.armed"));
        final java.util.Collection<Meter> buckets = registry.find("tidepool.timer.lateness.buckets").meters();
        assertEquals(pool.metrics().timerLatenessHistogram().bucketCount(), buckets.size());
        assertEquals(1.0, counter(registry, "tidepool.timer.lateness.buckets", "le", "+Inf"));
    }

    @Test
    void micrometersOwnExecutorBinderShouldFindNothingToBind() {
        // why TidepoolMetrics exists: ExecutorServiceMetrics knows ThreadPoolExecutor and
        // ForkJoinPool by class, and registers nothing for any other ExecutorService
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("mm-esm").build();
        try {
            final SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new ExecutorServiceMetrics(pool, "mm-esm", Tags.empty()).bindTo(registry);
            assertEquals(List.of(), registry.getMeters());
            new TidepoolMetrics(pool).bindTo(registry);
            assertNotNull(registry.find("executor.completed").functionCounter());
        } finally {
            pool.close();
        }
    }

    private static List<FunctionCounter> byBound(Collection<FunctionCounter> counters) {
        final List<FunctionCounter> sorted = new ArrayList<>(counters);
        sorted.sort(Comparator.comparingDouble(c -> {
            final String le = c.getId().getTag("le");
            return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        }));
        return sorted;
    }
}
