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

package io.tidepool.internal.metrics;

import io.tidepool.internal.task.AsyncTaskCell;
import io.tidepool.internal.task.TaskDescriptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The statistics of one worker: counters written only by the thread that runs the worker's core,
 * read racily by metric snapshots.
 *
 * <p><b>Memory modes.</b> The owner increments a counter with a plain read of its own last value
 * and an opaque store ({@code po}); a reader uses an opaque load ({@code lo}). Opaque gives what
 * a statistic needs and nothing more: a {@code long} is never torn (plain long accesses may be on
 * 32-bit JVMs), the JIT cannot keep the counter in a register across a loop, and the reader sees
 * every store eventually, in order per field. Nothing orders one counter against another, so a
 * snapshot is a set of per-counter readings, not a consistent cut: {@code steals} may be read
 * one step ahead of {@code polls}. On x86 and ARM an opaque store is an ordinary store; there is
 * no atomic instruction and no fence on the task path. The holder is a separate object from the
 * core so that these stores do not dirty the cache line of the core's final fields, which thieves
 * read on every visit.
 *
 * <p><b>Busy time and mean poll time</b> need a clock; reading {@code System.nanoTime()} (about
 * 28 ns on this machine) around every task would cost more than the rest of the task path. Following tokio's
 * {@code MetricsBatch}, the clock is read per <em>batch</em>: the worker's loop opens a batch
 * ({@link #openBatch}) when it starts, when a search or spin found a task after its own queues
 * ran dry, and when a park returns; it measures and closes it when its own queues run dry
 * (before it searches, {@link #endBatch}) and when it exits, and flushes it at a bounded
 * interval while it stays busy ({@link #flushBatch}: a worker loop every 61 tasks, a reactor
 * loop after a turn that brings the batch to {@value #FLUSH_INTERVAL} tasks or more); a flush
 * publishes the counts, and every {@value #CLOCK_EVERY}th flush also reads the clock and
 * measures the time (a clock read and the average cost about 40 ns here, which once per 61
 * empty tasks was 4% of {@code spawn_many_local}). None of
 * this is on the task path: the loop's own control flow decides when a batch opens and ends, so
 * running a task tests no batch flag. Busy time is the sum of the lengths of batches that ran at
 * least one task; the mean poll time is an exponentially weighted moving average of batch length
 * per task, each batch weighted by its number of tasks.
 *
 * <p><b>Poll and local-schedule counts are the loop's own counts, published per batch.</b> The
 * worker loop already counts the tasks it runs, for its fairness check (every 61 tasks it looks
 * at its inbox first), and the spawns of the running task, for its LIFO rule (a task's newest
 * spawn runs next); those owner-only counts live in the worker's core, and a batch's measurement
 * adds them to {@code polls} and {@code localSchedules} (the callers pass them in). So the
 * counters add nothing to running or spawning a task, and the JIT still inlines the task runner
 * into the worker loop (a version that counted and flushed per task crossed HotSpot's inlining
 * limit; see docs/notes/metrics-cost.md, "Measured cost"). A busy worker's poll and local-schedule
 * counts therefore lag by the tasks of the open batch (at most 61 in a worker loop, about 64
 * plus one turn's in a reactor loop) and the task it is running, and its busy time and mean poll
 * time by {@value #CLOCK_EVERY} times as many; a
 * worker that ran out of work publishes everything before it searches or sleeps, so the figures
 * of a quiescent or terminated pool are exact.
 *
 * <p><b>Per-poll timing</b> (one clock read per task: the end of one poll is the start of the
 * next within a batch) happens only when the pool was built with a poll-time histogram, a
 * schedule-latency histogram or a long-poll threshold ({@link MetricsConfig#timesEveryPoll()});
 * the pool then calls {@link #pollStart} and {@link #afterTimedPoll} around each task, under one
 * test of a pool-wide flag it makes for every task anyway.
 *
 * <p><b>Schedule latency</b> is the start of a poll (as {@link #pollStart} returns it) minus the
 * moment the task was submitted or woken; the submitting side takes that timestamp (see
 * {@link TimestampedTask}) and the worker records the difference with
 * {@link #onScheduled}. Within a batch a poll's start is the end of the previous poll, so
 * the latency of a task taken between two polls is short by the queue operations that fetched it
 * (tens of nanoseconds); a task submitted during that window can record a negative latency, which
 * lands in the first bucket.
 *
 * <p><b>Measuring the counters' own cost.</b> The system property {@value #NO_COUNTERS_PROPERTY}
 * (internal, unsupported, read once when this class loads) turns every owner-side method below
 * into an immediate return. It exists only so a benchmark can compare the pool with and without
 * its counters in one build ({@code io.tidepool.bench.metrics.CounterCost}); the loop's own
 * counts, which the scheduling rules need, are kept either way. The flag is a
 * {@code static final} constant, so the JIT folds the test away and the default build runs exactly
 * the code it would run without the flag. Snapshots of a pool run so read zero.
 */
public final class WorkerStats {
    /**
     * Polls after which a reactor loop measures and reopens an open batch; a worker loop does it
     * every {@code WorkerLoop.FAIRNESS_INTERVAL} (61) turns, at most 61 tasks.
     */
    public static final int FLUSH_INTERVAL = 64;
    /**
     * Flushes per clock read while a batch stays open: a busy worker's counts are published at
     * every flush (every 61 tasks), its busy time and mean poll time every this many (every 488).
     */
    static final int CLOCK_EVERY = 8;
    /**
     * EWMA weight of one poll in the mean poll time; a batch of {@code k} polls weighs
     * {@code 1 - (1 - ALPHA)^k}, so the mean follows the last few hundred polls.
     */
    static final double POLL_TIME_ALPHA = 0.01;
    /** {@code BATCH_WEIGHT[k]}: the EWMA weight of a batch of {@code k} polls (no pow per flush). */
    private static final double[] BATCH_WEIGHT = new double[2 * CLOCK_EVERY * FLUSH_INTERVAL];
    /** System property that switches the counters off, for cost measurements only. */
    public static final String NO_COUNTERS_PROPERTY = "io.tidepool.internal.metrics.noCounters";
    /** Whether the owner-side methods count; false only under {@link #NO_COUNTERS_PROPERTY}. */
    private static final boolean COUNTING = !Boolean.getBoolean(NO_COUNTERS_PROPERTY);

    private static final VarHandle POLLS;
    private static final VarHandle STEALS;
    private static final VarHandle STEAL_OPERATIONS;
    private static final VarHandle PARKS;
    private static final VarHandle LOCAL_SCHEDULES;
    private static final VarHandle INBOX_TAKES;
    private static final VarHandle BUSY_NANOS;
    private static final VarHandle MEAN_POLL_NANOS;
    private static final VarHandle LONG_POLLS;
    private static final VarHandle BUCKET = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        for (int k = 0; k < BATCH_WEIGHT.length; k++) {
            BATCH_WEIGHT[k] = 1.0 - Math.pow(1.0 - POLL_TIME_ALPHA, k);
        }
        try {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            POLLS = l.findVarHandle(WorkerStats.class, "polls", long.class);
            STEALS = l.findVarHandle(WorkerStats.class, "steals", long.class);
            STEAL_OPERATIONS = l.findVarHandle(WorkerStats.class, "stealOperations", long.class);
            PARKS = l.findVarHandle(WorkerStats.class, "parks", long.class);
            LOCAL_SCHEDULES = l.findVarHandle(WorkerStats.class, "localSchedules", long.class);
            INBOX_TAKES = l.findVarHandle(WorkerStats.class, "inboxTakes", long.class);
            BUSY_NANOS = l.findVarHandle(WorkerStats.class, "busyNanos", long.class);
            MEAN_POLL_NANOS = l.findVarHandle(WorkerStats.class, "meanPollNanos", long.class);
            LONG_POLLS = l.findVarHandle(WorkerStats.class, "longPolls", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int index;
    private final String poolName;
    private final boolean timeEveryPoll;
    private final long longPollThresholdNanos;
    /** Poll-time bucket counts, or null when the histogram is off. Owner writes, opaque. */
    private final long[] pollBuckets;
    /** Schedule-latency bucket counts, or null when that histogram is off. Owner writes, opaque. */
    private final long[] latencyBuckets;

    // ---- owner-written, read with opaque loads ----
    private long polls;
    private long steals;
    private long stealOperations;
    private long parks;
    private long localSchedules;
    private long inboxTakes;
    private long busyNanos;
    private long meanPollNanos;
    private long longPolls;

    // ---- owner-only, never read by other threads ----
    private boolean inBatch;
    private long batchStart;
    /** Polls published since the batch's time was last measured. */
    private int unmeasuredPolls;
    /** Flushes since the batch's time was last measured. */
    private int flushesSinceClock;
    /** Whether {@link #meanPoll} holds a measurement yet. */
    private boolean timed;
    private double meanPoll;
    /** When per-poll timing is on: the clock at the end of the last poll of the open batch. */
    private long lastPollEnd;

    /**
     * Statistics of worker {@code index} of pool {@code poolName}.
     *
     * @param index the worker's index, recorded in samples and JFR events
     * @param poolName the pool's name, recorded in JFR events
     * @param config which optional timings to keep
     */
    public WorkerStats(int index, String poolName, MetricsConfig config) {
        this.index = index;
        this.poolName = poolName;
        this.timeEveryPoll = config.timesEveryPoll();
        this.longPollThresholdNanos = config.longPollThresholdNanos();
        this.pollBuckets = config.pollTimeHistogram() ? new long[HistogramBuckets.COUNT] : null;
        this.latencyBuckets = config.scheduleLatencyHistogram() ? new long[HistogramBuckets.COUNT] : null;
        if (JfrSupport.AVAILABLE) {
            // on the building thread: the JFR registration, once per JVM, is not left to the
            // first park of a worker (see JfrEvents.load)
            JfrEvents.load();
        }
    }

    /**
     * A new statistics holder for the same worker that continues from this one's counters (each
     * read with an opaque load), for the core that replaces a retaken one. The two never share a
     * writer: the old holder stays with the stuck thread, which may still bump a counter or two
     * (a spawn racing the retake) that the successor then does not see; the owner-only batch
     * state starts fresh (no open batch), except that the unpublished counts of the open batch
     * carry over (the caller reads them from the old core; the busy time of that batch is lost).
     *
     * @param batchPolls the polls of the old core's open batch, not yet published
     * @param batchSpawns the local schedules of the old core's open batch, not yet published
     * @return the successor, with the same options
     */
    public WorkerStats successor(int batchPolls, int batchSpawns) {
        final WorkerStats next = new WorkerStats(index, poolName, timeEveryPoll,
                longPollThresholdNanos, pollBuckets == null ? null : new long[pollBuckets.length],
                latencyBuckets == null ? null : new long[latencyBuckets.length]);
        next.polls = loPolls() + batchPolls;
        next.steals = loSteals();
        next.stealOperations = loStealOperations();
        next.parks = loParks();
        next.localSchedules = loLocalSchedules() + batchSpawns;
        next.inboxTakes = loInboxTakes();
        next.busyNanos = loBusyNanos();
        next.meanPollNanos = loMeanPollNanos();
        next.meanPoll = next.meanPollNanos;
        next.timed = next.meanPollNanos != 0;
        next.longPolls = loLongPolls();
        if (pollBuckets != null) {
            for (int i = 0; i < pollBuckets.length; i++) {
                next.pollBuckets[i] = (long) BUCKET.getOpaque(pollBuckets, i);
            }
        }
        if (latencyBuckets != null) {
            for (int i = 0; i < latencyBuckets.length; i++) {
                next.latencyBuckets[i] = (long) BUCKET.getOpaque(latencyBuckets, i);
            }
        }
        return next;
    }

    private WorkerStats(int index, String poolName, boolean timeEveryPoll,
            long longPollThresholdNanos, long[] pollBuckets, long[] latencyBuckets) {
        this.index = index;
        this.poolName = poolName;
        this.timeEveryPoll = timeEveryPoll;
        this.longPollThresholdNanos = longPollThresholdNanos;
        this.pollBuckets = pollBuckets;
        this.latencyBuckets = latencyBuckets;
    }

    // ------------------------------------------------------------------ owner side

    /**
     * Opens a batch if none is open (one clock read); the loops call it where a run of tasks may
     * start (see the class doc), never per task. Owner only.
     */
    public void openBatch() {
        if (COUNTING && !inBatch) {
            inBatch = true;
            final long now = System.nanoTime();
            batchStart = now;
            lastPollEnd = now;
        }
    }

    /**
     * The start of the poll about to run when every poll is timed: the end of the previous poll
     * of the open batch, or the batch's start, so per-poll timing reads the clock once per task,
     * not twice; a poll's time includes the own-queue operations that fetched it (tens of
     * nanoseconds). Meaningless unless every poll is timed.
     *
     * @return the poll's start, in {@code System.nanoTime()} units
     */
    public long pollStart() {
        return lastPollEnd;
    }

    /**
     * Called after running {@code task}, which started at {@code start}, when every poll is timed
     * ({@link MetricsConfig#timesEveryPoll()}): one clock read, the histogram, the long-poll check.
     *
     * @param start the value {@link #pollStart} returned for this poll
     * @param task the task just run; its class names it in a long-poll JFR event
     */
    public void afterTimedPoll(long start, Runnable task) {
        if (!COUNTING) {
            return;
        }
        final long now = System.nanoTime();
        lastPollEnd = now;
        recordPoll(now - start, task);
    }

    /**
     * Publishes the counts of the open batch, and every {@value #CLOCK_EVERY}th time measures its
     * time, keeping it open; the loops call this at a bounded interval so a busy worker's figures
     * lag by a bounded number of tasks (see the class doc). The caller then starts its counts of
     * the batch from zero.
     *
     * @param polls the tasks run since the batch opened or was last measured
     * @param spawns the tasks those tasks pushed onto the own deque
     */
    public void flushBatch(int polls, int spawns) {
        if (!COUNTING) {
            return;
        }
        publishCounts(polls, spawns);
        unmeasuredPolls += polls;
        // the clock only every CLOCK_EVERY flushes: a clock read and the moving average take
        // about 40 ns, which per 61 empty tasks was 4% of spawn_many_local's time
        if (inBatch && ++flushesSinceClock >= CLOCK_EVERY) {
            final long now = System.nanoTime();
            measureTime(now);
            batchStart = now;
        }
    }

    /**
     * Records the schedule latency of {@code queued}, the task about to run, and returns the
     * task to run: a submitted {@code Runnable} comes out of its {@link TimestampedTask}; an
     * async task carries the time of its last wake. Only called when the pool keeps a
     * schedule-latency histogram.
     *
     * @param queued the task as it came out of a queue
     * @param pollStart the poll's start, as {@link #pollStart} returned it
     * @return the user's task
     */
    public Runnable onScheduled(Runnable queued, long pollStart) {
        if (queued instanceof TimestampedTask t) {
            onScheduleLatency(pollStart - t.submittedNanos());
            return t.task();
        }
        if (queued instanceof AsyncTaskCell<?> cell) {
            onScheduleLatency(pollStart - cell.lpScheduledNanos());
        }
        return queued;
    }

    /** Counts one schedule latency of {@code nanos} (negative counts as 0) in its bucket. */
    private void onScheduleLatency(long nanos) {
        final long[] buckets = latencyBuckets;
        final int i = HistogramBuckets.indexOf(nanos);
        BUCKET.setOpaque(buckets, i, buckets[i] + 1); // plain read: only the owner writes
    }

    /**
     * Called when the own queues ran dry, and when the loop exits: measures and closes the open
     * batch, if any, and publishes the counts. The caller then starts its counts from zero.
     *
     * @param polls the tasks run since the batch opened or was last measured
     * @param spawns the tasks those tasks pushed onto the own deque
     */
    public void endBatch(int polls, int spawns) {
        if (!COUNTING) {
            return;
        }
        publishCounts(polls, spawns);
        unmeasuredPolls += polls;
        if (inBatch) {
            inBatch = false;
            measureTime(System.nanoTime());
        }
    }

    /**
     * {@code n} tasks were taken from an inbox; from another worker's inbox ({@code stolen}) they
     * count as stolen too.
     *
     * @param n the number of tasks taken
     * @param stolen whether they came from another worker's inbox
     */
    public void onInboxTake(int n, boolean stolen) {
        if (!COUNTING) {
            return;
        }
        poInboxTakes(inboxTakes + n);
        if (stolen) {
            poSteals(steals + n);
        }
    }

    /**
     * {@code n} tasks were taken from another worker's deque.
     *
     * @param n the number of tasks stolen
     */
    public void onDequeSteal(int n) {
        if (!COUNTING) {
            return;
        }
        poSteals(steals + n);
    }

    /** A search found a task on another worker. */
    public void onStealOperation() {
        if (!COUNTING) {
            return;
        }
        poStealOperations(stealOperations + 1);
    }

    /** The worker is going to sleep. */
    public void onPark() {
        if (!COUNTING) {
            return;
        }
        poParks(parks + 1);
    }

    /**
     * Starts a JFR park event if a recording wants it.
     *
     * @return a token for {@link #endParkEvent}, or null
     */
    public Object beginParkEvent() {
        return JfrSupport.AVAILABLE ? JfrEvents.beginPark(poolName, index) : null;
    }

    /**
     * Ends and commits the park event started by {@link #beginParkEvent}, if any.
     *
     * @param token what {@link #beginParkEvent} returned; null does nothing
     */
    public void endParkEvent(Object token) {
        if (token != null) {
            JfrEvents.endPark(token);
        }
    }

    /**
     * Measures the batch from {@code batchStart} up to {@code now}: its length as busy time if
     * it ran a task, and the moving average over the polls not measured yet (the caller decides
     * whether the batch stays open). Owner only.
     */
    private void measureTime(long now) {
        final int k = unmeasuredPolls;
        if (k > 0) {
            final long elapsed = now - batchStart;
            poBusyNanos(busyNanos + elapsed);
            final double perPoll = (double) elapsed / k;
            final double weight = k < BATCH_WEIGHT.length
                    ? BATCH_WEIGHT[k] : 1.0 - Math.pow(1.0 - POLL_TIME_ALPHA, k);
            meanPoll = timed ? meanPoll + weight * (perPoll - meanPoll) : perPoll;
            timed = true;
            poMeanPollNanos((long) meanPoll);
        }
        unmeasuredPolls = 0;
        flushesSinceClock = 0;
    }

    /** Adds a batch's counts to the published ones (plain reads: only the owner writes them). */
    private void publishCounts(int polls, int spawns) {
        if (polls != 0) {
            poPolls(this.polls + polls);
        }
        if (spawns != 0) {
            poLocalSchedules(localSchedules + spawns);
        }
    }

    private void recordPoll(long nanos, Runnable task) {
        final long[] buckets = pollBuckets;
        if (buckets != null) {
            final int i = HistogramBuckets.indexOf(nanos);
            BUCKET.setOpaque(buckets, i, buckets[i] + 1); // plain read: only the owner writes
        }
        if (nanos >= longPollThresholdNanos) {
            poLongPolls(longPolls + 1);
            if (JfrSupport.AVAILABLE) {
                JfrEvents.longPoll(poolName, index, taskName(task), nanos);
            }
        }
    }

    private static String taskName(Runnable task) {
        return TaskDescriptions.userTask(task).getClass().getName();
    }

    // ------------------------------------------------------------------ any thread

    /**
     * Reads every figure, each with an opaque load; the two depths come from the caller.
     *
     * @param localQueueDepth the worker's deque size, as the caller read it
     * @param inboxDepth the worker's inbox size, as the caller read it
     * @return a new sample of this worker
     */
    public WorkerSample sample(int localQueueDepth, int inboxDepth) {
        return new WorkerSample(index, loPolls(), loSteals(), loStealOperations(), loParks(),
                loLocalSchedules(), loInboxTakes(), loBusyNanos(), loMeanPollNanos(),
                loLongPolls(), localQueueDepth, inboxDepth, loBuckets(pollBuckets),
                loBuckets(latencyBuckets));
    }

    /** A copy of {@code buckets} read with opaque loads, or null for a histogram that is off. */
    private static long[] loBuckets(long[] buckets) {
        if (buckets == null) {
            return null;
        }
        final long[] copy = new long[buckets.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = (long) BUCKET.getOpaque(buckets, i);
        }
        return copy;
    }

    /** {@return the tasks run; opaque load} */
    public long loPolls() {
        return (long) POLLS.getOpaque(this);
    }

    /** {@return the tasks stolen; opaque load} */
    public long loSteals() {
        return (long) STEALS.getOpaque(this);
    }

    /** {@return the times parked; opaque load} */
    public long loParks() {
        return (long) PARKS.getOpaque(this);
    }

    private long loStealOperations() {
        return (long) STEAL_OPERATIONS.getOpaque(this);
    }

    private long loLocalSchedules() {
        return (long) LOCAL_SCHEDULES.getOpaque(this);
    }

    private long loInboxTakes() {
        return (long) INBOX_TAKES.getOpaque(this);
    }

    private long loBusyNanos() {
        return (long) BUSY_NANOS.getOpaque(this);
    }

    private long loMeanPollNanos() {
        return (long) MEAN_POLL_NANOS.getOpaque(this);
    }

    private long loLongPolls() {
        return (long) LONG_POLLS.getOpaque(this);
    }

    // ------------------------------------------------------------------ opaque stores (owner)

    private void poPolls(long v) {
        POLLS.setOpaque(this, v);
    }

    private void poSteals(long v) {
        STEALS.setOpaque(this, v);
    }

    private void poStealOperations(long v) {
        STEAL_OPERATIONS.setOpaque(this, v);
    }

    private void poParks(long v) {
        PARKS.setOpaque(this, v);
    }

    private void poLocalSchedules(long v) {
        LOCAL_SCHEDULES.setOpaque(this, v);
    }

    private void poInboxTakes(long v) {
        INBOX_TAKES.setOpaque(this, v);
    }

    private void poBusyNanos(long v) {
        BUSY_NANOS.setOpaque(this, v);
    }

    private void poMeanPollNanos(long v) {
        MEAN_POLL_NANOS.setOpaque(this, v);
    }

    private void poLongPolls(long v) {
        LONG_POLLS.setOpaque(this, v);
    }
}
