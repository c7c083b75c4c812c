package io.tidepool.internal.metrics;

import io.tidepool.internal.task.AsyncTaskCell;
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
 * 20-25 ns) around every task would cost more than the rest of the task path. Following tokio's
 * {@code MetricsBatch}, the clock is read per <em>batch</em>: a batch opens at the first task
 * the worker runs after being idle, and is measured when its own queues run dry (before it
 * searches, {@link #endBatch}), when the worker exits, and at a bounded interval while it stays
 * busy ({@link #flushBatch(int)}: a worker loop every 61 turns, that is at most 61 tasks; a
 * reactor loop after a turn that brings the batch to {@value #FLUSH_INTERVAL} polls or more).
 * Busy time is the sum of batch lengths; the mean poll time is an exponentially weighted moving
 * average of batch length per task, each batch weighted by its number of tasks.
 *
 * <p><b>The poll count is published per batch too.</b> A poll adds one to an owner-only int of
 * the open batch and nothing else; the batch's measurement adds it to {@code polls}. So the
 * task path is one increment of an owner-only field and a test of a flag, with no test of the
 * count (the loops do it, every 61 turns): small enough that the JIT still inlines the task
 * runner into the worker loop, which a version counting and flushing per task was not (its
 * compiled size crossed HotSpot's inlining limit; see docs/observability.md, "Measured cost").
 * A busy worker's poll count, busy time and mean poll time therefore lag by the polls of the
 * open batch (at most 61 in a worker loop, about 64 plus one turn's in a reactor loop) and the
 * task it is running; a worker that ran out of work publishes everything before it searches or
 * sleeps, so the figures of a quiescent or terminated pool are exact.
 *
 * <p><b>Per-poll timing</b> (one clock read per task: the end of one poll is the start of the
 * next within a batch) happens only when the pool was built with a poll-time histogram, a
 * schedule-latency histogram or a long-poll threshold ({@link MetricsConfig#timesEveryPoll()}).
 *
 * <p><b>Schedule latency</b> is the start of a poll (as {@link #beforePoll} returns it) minus the
 * moment the task was submitted or woken; the submitting side takes that timestamp (see
 * {@link TimestampedTask}) and the worker records the difference with
 * {@link #onScheduleLatency}. Within a batch a poll's start is the end of the previous poll, so
 * the latency of a task taken between two polls is short by the queue operations that fetched it
 * (tens of nanoseconds); a task submitted during that window can record a negative latency, which
 * lands in the first bucket.
 *
 * <p><b>Measuring the counters' own cost.</b> The system property {@value #NO_COUNTERS_PROPERTY}
 * (internal, unsupported, read once when this class loads) turns every owner-side method below
 * into an immediate return. It exists only so a benchmark can compare the pool with and without
 * its counters in one build ({@code io.tidepool.bench.metrics.CounterInstructions}); the flag is a
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
     * EWMA weight of one poll in the mean poll time; a batch of {@code k} polls weighs
     * {@code 1 - (1 - ALPHA)^k}, so the mean follows the last few hundred polls.
     */
    static final double POLL_TIME_ALPHA = 0.01;
    /** {@code BATCH_WEIGHT[k]}: the EWMA weight of a batch of {@code k} polls (no pow per flush). */
    private static final double[] BATCH_WEIGHT = new double[4 * FLUSH_INTERVAL];
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
    private static final VarHandle BATCH_POLLS;
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
            BATCH_POLLS = l.findVarHandle(WorkerStats.class, "batchPolls", int.class);
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
    private int batchPolls;
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
    }

    /**
     * A new statistics holder for the same worker that continues from this one's counters (each
     * read with an opaque load), for the core that replaces a retaken one. The two never share a
     * writer: the old holder stays with the stuck thread, which may still bump a counter or two
     * (a spawn racing the retake) that the successor then does not see; the owner-only batch
     * state starts fresh (no open batch), except that the polls of the open batch carry over
     * into the successor's poll count (read with an opaque load of a field the stuck thread
     * wrote plainly before it entered its task; the busy time of that batch is lost).
     *
     * @return the successor, with the same options
     */
    public WorkerStats successor() {
        final WorkerStats next = new WorkerStats(index, poolName, timeEveryPoll,
                longPollThresholdNanos, pollBuckets == null ? null : new long[pollBuckets.length],
                latencyBuckets == null ? null : new long[latencyBuckets.length]);
        // the stuck thread wrote its batch count before it entered the stuck task, at least the
        // detection threshold ago, and writes it no more (runTask skips afterPoll once the core
        // is gone): the polls of the open batch carry over with the published ones
        next.polls = loPolls() + loBatchPolls();
        next.steals = loSteals();
        next.stealOperations = loStealOperations();
        next.parks = loParks();
        next.localSchedules = loLocalSchedules();
        next.inboxTakes = loInboxTakes();
        next.busyNanos = loBusyNanos();
        next.meanPollNanos = loMeanPollNanos();
        next.meanPoll = next.meanPollNanos;
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
     * Called before running a task: opens a batch if none is open (one clock read). Returns the
     * poll's start time for {@link #afterPoll}: inside a batch, the end of the previous poll, so
     * per-poll timing reads the clock once per task, not twice, and a poll's time includes the
     * own-queue operations that fetched it (tens of nanoseconds). Meaningless unless every poll
     * is timed.
     *
     * @return the poll's start, in {@code System.nanoTime()} units
     */
    public long beforePoll() {
        if (!COUNTING) {
            return 0L;
        }
        if (!inBatch) {
            inBatch = true;
            batchPolls = 0;
            final long now = System.nanoTime();
            batchStart = now;
            lastPollEnd = now;
        }
        return lastPollEnd;
    }

    /**
     * Called after running {@code task}, which started at {@code start} (see beforePoll).
     *
     * @param start the value {@link #beforePoll} returned for this poll
     * @param task the task just run; its class names it in a long-poll JFR event
     */
    public void afterPoll(long start, Runnable task) {
        if (!COUNTING) {
            return;
        }
        // counted only in the owner-only batch count: measureBatch publishes it; no test of
        // the count here (the loops flush), so the task path stays small enough to inline
        batchPolls++;
        if (timeEveryPoll) {
            final long now = System.nanoTime();
            lastPollEnd = now;
            recordPoll(now - start, task);
        }
    }

    /**
     * Measures and publishes the open batch if it holds at least {@code minPolls} polls, and
     * keeps it open; the loops call this at a bounded interval so a busy worker's figures lag by
     * a bounded number of tasks (see the class doc). One clock read when it flushes.
     *
     * @param minPolls the fewest polls worth a flush, at least 1
     */
    public void flushBatch(int minPolls) {
        if (COUNTING && inBatch && batchPolls >= minPolls) {
            final long now = System.nanoTime();
            measureBatch(now);
            batchStart = now;
        }
    }

    /**
     * Records the schedule latency of the task about to run. Only called when the pool keeps a
     * schedule-latency histogram.
     *
     * @param nanos the poll's start minus the task's submission or wake; negative counts as 0
     */
    public void onScheduleLatency(long nanos) {
        final long[] buckets = latencyBuckets;
        final int i = HistogramBuckets.indexOf(nanos);
        BUCKET.setOpaque(buckets, i, buckets[i] + 1); // plain read: only the owner writes
    }

    /**
     * Called when the own queues ran dry, and when the loop exits: measures and closes the open
     * batch, if any, publishing its polls.
     */
    public void endBatch() {
        if (COUNTING && inBatch) {
            inBatch = false;
            measureBatch(System.nanoTime());
        }
    }

    /** A task spawned by a task of this worker went on its deque. */
    public void onLocalSchedule() {
        if (!COUNTING) {
            return;
        }
        poLocalSchedules(localSchedules + 1);
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
     * Measures the batch since {@code batchStart} up to {@code now}: publishes its polls, its
     * length as busy time and the moving average, and zeroes its poll count (the caller decides
     * whether the batch stays open). Owner only.
     */
    private void measureBatch(long now) {
        final long elapsed = now - batchStart;
        poBusyNanos(busyNanos + elapsed);
        final int k = batchPolls;
        if (k > 0) {
            final long before = polls; // plain read: only the owner writes polls
            final double perPoll = (double) elapsed / k;
            final double weight = k < BATCH_WEIGHT.length
                    ? BATCH_WEIGHT[k] : 1.0 - Math.pow(1.0 - POLL_TIME_ALPHA, k);
            meanPoll = before == 0 ? perPoll : meanPoll + weight * (perPoll - meanPoll);
            poMeanPollNanos((long) meanPoll);
            poPolls(before + k);
        }
        batchPolls = 0;
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
        final Object t = task instanceof AsyncTaskCell<?> cell ? cell.task() : task;
        return t.getClass().getName();
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

    /**
     * The owner-only count of the open batch, read by {@link #successor} on the monitor's thread:
     * an opaque load of a field the owner writes with plain stores (an int: never torn).
     */
    private int loBatchPolls() {
        return (int) BATCH_POLLS.getOpaque(this);
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
