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

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tidepool.Histogram;
import io.tidepool.PoolMetrics;
import io.tidepool.ThreadPool;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a {@link ThreadPool}'s {@linkplain ThreadPool#metrics() figures} to a Micrometer
 * {@link MeterRegistry}: {@code new TidepoolMetrics(pool).bindTo(registry)}. Use it instead of
 * Micrometer's {@code ExecutorServiceMetrics}, which does not know this pool's class (it logs
 * that it cannot bind and registers nothing) and whose {@code monitor} wraps the pool in a
 * decorator that hides {@code spawn}, {@code spawnBlocking} and {@code metrics()}.
 *
 * <p>Every meter is tagged {@code name=<pool name>} (as {@code ExecutorServiceMetrics} does)
 * plus the tags given here. Where Micrometer's executor binder has a meter for the same thing,
 * the name is the same, so dashboards built for {@code ThreadPoolExecutor} and
 * {@code ForkJoinPool} show this pool too:
 *
 * <table class="striped">
 *   <caption>Meters</caption>
 *   <thead><tr><th>meter</th><th>type, unit</th><th>from</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code executor.completed}</td><td>counter, tasks</td><td>{@link PoolMetrics#pollCount()}</td></tr>
 *   <tr><td>{@code executor.active}</td><td>gauge, threads</td><td>{@link PoolMetrics#numUnparkedWorkers()} (running, searching or spinning; {@code ForkJoinPool}'s meaning)</td></tr>
 *   <tr><td>{@code executor.queued}</td><td>gauge, tasks</td><td>{@link PoolMetrics#queuedTasks()}</td></tr>
 *   <tr><td>{@code executor.pool.size}</td><td>gauge, threads</td><td>{@link PoolMetrics#numWorkers()}</td></tr>
 *   <tr><td>{@code executor.steals}</td><td>counter, tasks</td><td>{@link PoolMetrics#stealCount()}</td></tr>
 *   <tr><td>{@code tidepool.workers.searching}</td><td>gauge, threads</td><td>{@link PoolMetrics#numSearchingWorkers()}</td></tr>
 *   <tr><td>{@code tidepool.async.tasks}</td><td>gauge, tasks</td><td>{@link PoolMetrics#numAliveTasks()}</td></tr>
 *   <tr><td>{@code tidepool.queued}, tag {@code queue=local|inbox}</td><td>gauge, tasks</td><td>{@link PoolMetrics#localQueueDepth()}, {@link PoolMetrics#inboxDepth()}</td></tr>
 *   <tr><td>{@code tidepool.steal.operations}</td><td>counter, operations</td><td>{@link PoolMetrics#stealOperations()}</td></tr>
 *   <tr><td>{@code tidepool.parks}</td><td>counter, events</td><td>{@link PoolMetrics#parkCount()}</td></tr>
 *   <tr><td>{@code tidepool.schedules}, tag {@code origin=local|remote}</td><td>counter, tasks</td><td>{@link PoolMetrics#localScheduleCount()}, {@link PoolMetrics#remoteScheduleCount()}</td></tr>
 *   <tr><td>{@code tidepool.busy.time}</td><td>counter, seconds</td><td>{@link PoolMetrics#totalBusyDuration()}</td></tr>
 *   <tr><td>{@code tidepool.poll.time.mean}</td><td>gauge, seconds</td><td>{@link PoolMetrics#meanPollTime()}</td></tr>
 *   <tr><td>{@code tidepool.polls.long}</td><td>counter, tasks</td><td>{@link PoolMetrics#longPollCount()}</td></tr>
 *   <tr><td>{@code tidepool.blocking.sections.active}</td><td>gauge</td><td>{@link PoolMetrics#numActiveBlockingSections()}</td></tr>
 *   <tr><td>{@code tidepool.blocking.backup.threads}, {@code ...idle}</td><td>gauge, threads</td><td>{@link PoolMetrics#numBackupThreads()}, {@link PoolMetrics#numIdleBackupThreads()}</td></tr>
 *   <tr><td>{@code tidepool.blocking.handoffs}, {@code ...takebacks}</td><td>counter, events</td><td>{@link PoolMetrics#blockingHandOffCount()}, {@link PoolMetrics#blockingTakeBackCount()}</td></tr>
 *   <tr><td>{@code tidepool.blocking.detections}, {@code ...retakes}</td><td>counter, events</td><td>{@link PoolMetrics#blockingDetectionCount()}, {@link PoolMetrics#blockingRetakeCount()}</td></tr>
 *   <tr><td>{@code tidepool.spawn.blocking.threads}, {@code ...idle}</td><td>gauge, threads</td><td>{@link PoolMetrics#numBlockingThreads()}, {@link PoolMetrics#numIdleBlockingThreads()}</td></tr>
 *   <tr><td>{@code tidepool.spawn.blocking.queued}</td><td>gauge, tasks</td><td>{@link PoolMetrics#blockingQueueDepth()}</td></tr>
 *   <tr><td>{@code tidepool.poll.time.buckets}, tag {@code le}</td><td>counter</td><td>{@link PoolMetrics#pollTimeHistogram()}, only if the pool keeps it</td></tr>
 *   <tr><td>{@code tidepool.schedule.latency.buckets}, tag {@code le}</td><td>counter</td><td>{@link PoolMetrics#scheduleLatencyHistogram()}, only if the pool keeps it</td></tr>
 *   <tr><td>{@code tidepool.timers.armed}</td><td>gauge</td><td>{@link PoolMetrics#timersArmed()}</td></tr>
 *   <tr><td>{@code tidepool.timers.fired}, {@code ...cancelled}</td><td>counter, events</td><td>{@link PoolMetrics#timersFiredCount()}, {@link PoolMetrics#timersCancelledCount()}</td></tr>
 *   <tr><td>{@code tidepool.timer.lateness.buckets}, tag {@code le}</td><td>counter</td><td>{@link PoolMetrics#timerLatenessHistogram()}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>A histogram is published as one counter per bucket in the Prometheus form: the counter
 * tagged {@code le=x} counts the values under {@code x} seconds since the pool started (a
 * running total over the buckets, so {@code le=+Inf} counts them all), which is what
 * {@code histogram_quantile} reads. Micrometer's {@code executor} and {@code executor.idle}
 * timers are not published: they time each task through a wrapper and need a sum of times that
 * the bucket histograms do not keep.
 *
 * <p>Cost: each meter reads a {@linkplain ThreadPool#metrics() snapshot}; one snapshot serves
 * every meter read within {@code snapshotMaxAge} of it (100 ms by default), so a scrape reads
 * the pool once. Counters never go down. The meters hold the pool weakly, as Micrometer's
 * binders do: once the application drops the pool they read {@code NaN}. Pools that are never
 * bound load no Micrometer class; Micrometer is an optional dependency of tidepool.
 *
 * <p>Thread-safe: {@link #bindTo} may be called for several registries, which then share the
 * snapshots.
 */
// "exports": Micrometer's types in these signatures come from a module io.tidepool requires
// static, not transitive; a module using this class requires micrometer.core itself
@SuppressWarnings("exports")
public final class TidepoolMetrics implements MeterBinder {
    /** How long one snapshot serves the meters unless told otherwise. */
    public static final Duration DEFAULT_SNAPSHOT_MAX_AGE = Duration.ofMillis(100);

    /** Micrometer's base unit of time meters (the registry converts it where it must). */
    private static final String SECONDS = "seconds";

    private static final boolean COUNTER = true;
    private static final boolean GAUGE = false;

    private final ThreadPool pool;
    private final Tags tags;
    private final SnapshotCache cache;

    /**
     * Meters for {@code pool}, tagged with its name.
     *
     * @param pool the pool to observe
     * @throws NullPointerException if {@code pool} is null
     */
    public TidepoolMetrics(ThreadPool pool) {
        this(pool, Tags.empty());
    }

    /**
     * Meters for {@code pool}, tagged with its name and {@code tags}.
     *
     * @param pool the pool to observe
     * @param tags tags for every meter; a {@code name} tag among them is replaced by the pool's
     * @throws NullPointerException if an argument is null
     */
    public TidepoolMetrics(ThreadPool pool, Iterable<Tag> tags) {
        this(pool, tags, DEFAULT_SNAPSHOT_MAX_AGE);
    }

    /**
     * Meters for {@code pool}, tagged with its name and {@code tags}, reusing one snapshot for
     * {@code snapshotMaxAge}.
     *
     * @param pool the pool to observe
     * @param tags tags for every meter; a {@code name} tag among them is replaced by the pool's
     * @param snapshotMaxAge how long one snapshot serves the meters; zero takes one per meter
     *     read
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code snapshotMaxAge} is negative
     */
    public TidepoolMetrics(ThreadPool pool, Iterable<Tag> tags, Duration snapshotMaxAge) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.tags = Tags.concat(Objects.requireNonNull(tags, "tags"), "name", pool.name());
        Objects.requireNonNull(snapshotMaxAge, "snapshotMaxAge");
        if (snapshotMaxAge.isNegative()) {
            throw new IllegalArgumentException("snapshotMaxAge must be >= 0: " + snapshotMaxAge);
        }
        this.cache = new SnapshotCache(saturatedNanos(snapshotMaxAge), System::nanoTime);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        bindExecutorMeters(registry);
        bindSchedulerMeters(registry);
        bindBlockingMeters(registry);
        bindTimerMeters(registry);
        final PoolMetrics now = pool.metrics();
        now.pollTimeHistogram().ifPresent(h -> bindBuckets(registry, "tidepool.poll.time.buckets",
                "Tasks whose poll took less than le seconds", h, true));
        now.scheduleLatencyHistogram().ifPresent(h -> bindBuckets(registry,
                "tidepool.schedule.latency.buckets",
                "Tasks that started less than le seconds after they were submitted or woken", h, false));
        final Histogram lateness = now.timerLatenessHistogram();
        for (int i = 0; i < lateness.bucketCount(); i++) {
            final int bucket = i;
            FunctionCounter.builder("tidepool.timer.lateness.buckets", pool,
                            p -> cache.read(p).latenessBelow(bucket))
                    .tags(tags).tag("le", le(lateness.upperBound(i), i == lateness.bucketCount() - 1))
                    .description("Timers that expired less than le seconds after their deadline")
                    .register(registry);
        }
    }

    private void bindTimerMeters(MeterRegistry r) {
        gauge(r, "tidepool.timers.armed", null,
                "Timers in the workers' wheels: delayed tasks, sleeps, timeouts",
                PoolMetrics::timersArmed);
        counter(r, "tidepool.timers.fired", BaseUnits.EVENTS, "Timers that expired",
                PoolMetrics::timersFiredCount);
        counter(r, "tidepool.timers.cancelled", BaseUnits.EVENTS,
                "Timers cancelled before they expired", PoolMetrics::timersCancelledCount);
    }

    private void bindExecutorMeters(MeterRegistry r) {
        counter(r, "executor.completed", BaseUnits.TASKS,
                "Tasks run to the end of a poll: Runnables and polls of async tasks",
                PoolMetrics::pollCount);
        gauge(r, "executor.active", BaseUnits.THREADS,
                "Workers not parked: running a task, searching for one or spinning",
                PoolMetrics::numUnparkedWorkers);
        gauge(r, "executor.queued", BaseUnits.TASKS,
                "Tasks waiting in the workers' deques and inboxes", PoolMetrics::queuedTasks);
        gauge(r, "executor.pool.size", BaseUnits.THREADS, "Workers in the pool",
                PoolMetrics::numWorkers);
        counter(r, "executor.steals", BaseUnits.TASKS,
                "Tasks taken from other workers' deques and inboxes", PoolMetrics::stealCount);
    }

    private void bindSchedulerMeters(MeterRegistry r) {
        gauge(r, "tidepool.workers.searching", BaseUnits.THREADS,
                "Workers searching for work to steal", PoolMetrics::numSearchingWorkers);
        gauge(r, "tidepool.async.tasks", BaseUnits.TASKS,
                "Async tasks spawned and not yet complete, failed or cancelled",
                PoolMetrics::numAliveTasks);
        register(r, GAUGE, "tidepool.queued", Tags.of("queue", "local"), BaseUnits.TASKS,
                "Tasks waiting in the workers' deques", PoolMetrics::localQueueDepth);
        register(r, GAUGE, "tidepool.queued", Tags.of("queue", "inbox"), BaseUnits.TASKS,
                "Tasks from outside the pool waiting in the workers' inboxes",
                PoolMetrics::inboxDepth);
        counter(r, "tidepool.steal.operations", BaseUnits.OPERATIONS,
                "Searches that found work on another worker", PoolMetrics::stealOperations);
        counter(r, "tidepool.parks", BaseUnits.EVENTS, "Times a worker went to sleep",
                PoolMetrics::parkCount);
        register(r, COUNTER, "tidepool.schedules", Tags.of("origin", "local"), BaseUnits.TASKS,
                "Tasks spawned from inside the pool onto a worker's own deque",
                PoolMetrics::localScheduleCount);
        register(r, COUNTER, "tidepool.schedules", Tags.of("origin", "remote"), BaseUnits.TASKS,
                "Tasks from outside the pool taken from an inbox by a worker",
                PoolMetrics::remoteScheduleCount);
        counter(r, "tidepool.busy.time", SECONDS,
                "Time the workers spent running tasks, summed over workers",
                m -> seconds(m.totalBusyDuration()));
        gauge(r, "tidepool.poll.time.mean", SECONDS, "Moving average of the time per task",
                m -> seconds(m.meanPollTime()));
        counter(r, "tidepool.polls.long", BaseUnits.TASKS,
                "Polls that took at least the pool's long-poll threshold",
                PoolMetrics::longPollCount);
    }

    private void bindBlockingMeters(MeterRegistry r) {
        gauge(r, "tidepool.blocking.sections.active", null,
                "Blocking sections in progress, retaken stuck tasks included",
                PoolMetrics::numActiveBlockingSections);
        gauge(r, "tidepool.blocking.backup.threads", BaseUnits.THREADS,
                "Pool threads alive without a worker", PoolMetrics::numBackupThreads);
        gauge(r, "tidepool.blocking.backup.idle", BaseUnits.THREADS,
                "Backup threads waiting for a hand-off", PoolMetrics::numIdleBackupThreads);
        counter(r, "tidepool.blocking.handoffs", BaseUnits.EVENTS,
                "Blocking sections that handed their worker to a backup thread",
                PoolMetrics::blockingHandOffCount);
        counter(r, "tidepool.blocking.takebacks", BaseUnits.EVENTS,
                "Blocking section ends whose thread took a worker back",
                PoolMetrics::blockingTakeBackCount);
        counter(r, "tidepool.blocking.detections", BaseUnits.EVENTS,
                "Stuck tasks reported by the detector", PoolMetrics::blockingDetectionCount);
        counter(r, "tidepool.blocking.retakes", BaseUnits.EVENTS,
                "Detections whose worker was handed to a backup thread",
                PoolMetrics::blockingRetakeCount);
        gauge(r, "tidepool.spawn.blocking.threads", BaseUnits.THREADS,
                "spawnBlocking threads alive", PoolMetrics::numBlockingThreads);
        gauge(r, "tidepool.spawn.blocking.idle", BaseUnits.THREADS,
                "spawnBlocking threads alive and idle", PoolMetrics::numIdleBlockingThreads);
        gauge(r, "tidepool.spawn.blocking.queued", BaseUnits.TASKS,
                "spawnBlocking jobs waiting for a thread", PoolMetrics::blockingQueueDepth);
    }

    /** One running-total counter per bucket, tagged with the bucket's upper bound. */
    private void bindBuckets(MeterRegistry r, String name, String description, Histogram layout,
            boolean pollTimes) {
        for (int i = 0; i < layout.bucketCount(); i++) {
            final int bucket = i;
            final ToDoubleFunction<ThreadPool> below = pollTimes
                    ? p -> cache.read(p).pollTimesBelow(bucket)
                    : p -> cache.read(p).scheduleLatenciesBelow(bucket);
            FunctionCounter.builder(name, pool, below)
                    .tags(tags).tag("le", le(layout.upperBound(i), i == layout.bucketCount() - 1))
                    .description(description)
                    .register(r);
        }
    }

    private void counter(MeterRegistry r, String name, String unit, String description,
            ToDoubleFunction<PoolMetrics> figure) {
        register(r, COUNTER, name, Tags.empty(), unit, description, figure);
    }

    private void gauge(MeterRegistry r, String name, String unit, String description,
            ToDoubleFunction<PoolMetrics> figure) {
        register(r, GAUGE, name, Tags.empty(), unit, description, figure);
    }

    /** A function counter or gauge of one figure of the (cached) snapshot. */
    private void register(MeterRegistry r, boolean counter, String name, Tags extra, String unit,
            String description, ToDoubleFunction<PoolMetrics> figure) {
        final ToDoubleFunction<ThreadPool> read = p -> figure.applyAsDouble(cache.read(p).metrics);
        final Tags all = tags.and(extra);
        if (counter) {
            FunctionCounter.builder(name, pool, read).tags(all).baseUnit(unit)
                    .description(description).register(r);
        } else {
            Gauge.builder(name, pool, read).tags(all).baseUnit(unit)
                    .description(description).register(r);
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** The {@code le} tag of a bucket: its exclusive upper bound in plain seconds. */
    private static String le(Duration upperBound, boolean last) {
        return last ? "+Inf" : BigDecimal.valueOf(upperBound.toNanos(), 9).stripTrailingZeros()
                .toPlainString();
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
