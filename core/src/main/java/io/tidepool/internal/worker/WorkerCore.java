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

package io.tidepool.internal.worker;

import io.tidepool.Park;
import io.tidepool.Unpark;
import io.tidepool.internal.metrics.MetricsConfig;
import io.tidepool.internal.metrics.WorkerStats;
import io.tidepool.internal.queue.Inbox;
import io.tidepool.internal.queue.WorkStealingDeque;
import io.tidepool.internal.timer.TimerClock;
import io.tidepool.internal.timer.TimerCore;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A worker's identity and queues, separable from the thread that runs them: a blocking section
 * hands the whole core to another thread.
 *
 * <p>Fields marked <em>owner</em> are touched only by the thread currently running the core;
 * the hand-off of a core between threads is a happens-before edge, so they need no atomics.
 */
public final class WorkerCore {
    private static final VarHandle BATCH_POLLS;
    private static final VarHandle SPAWNS;
    private static final VarHandle SPAWNS_PUBLISHED;

    static {
        try {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            BATCH_POLLS = l.findVarHandle(WorkerCore.class, "batchPolls", int.class);
            SPAWNS = l.findVarHandle(WorkerCore.class, "spawns", int.class);
            SPAWNS_PUBLISHED = l.findVarHandle(WorkerCore.class, "spawnsPublished", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Tasks taken from another worker's inbox per visit; bounds the time the claim is held (a
     * steal from a deque takes at most {@code WorkStealingDeque.STEAL_LIMIT}).
     */
    static final int BATCH = 64;
    /**
     * Tasks moved from the own inbox per visit. Larger than {@link #BATCH}: under a stream of
     * outside submissions the inbox is visited only every 61 turns when the deque is busy, and
     * each visit must keep up (spawn_many_remote_busy); the moved tasks stay stealable.
     */
    static final int INBOX_BATCH = 256;

    /** The worker index, 0..poolSize-1. */
    public final int index;
    /** The worker's own deque; only the core's holder pushes and pops, anyone steals. */
    public final WorkStealingDeque<Runnable> deque;
    /** Outside submissions; shared with the successor core that the stuck-worker detector may create. */
    public final Inbox inbox;
    /** Where the core's holder sleeps. */
    public final Park park;
    /** Wakes the core's holder. */
    public final Unpark unpark;
    /**
     * The worker's timers (wheel and message stack); shared with the successor core, like the
     * inbox: a thread uses them only between tasks, under their claim.
     */
    public final TimerCore timers;
    /** Public {@code io.tidepool.Worker} handle, set once by the facade before threads start. */
    private volatile Object handle;

    // ---- owner-only state ----
    /** Whether the idle set counts this worker as searching. */
    boolean searching;
    /**
     * Whether the holder is inside its {@code Park}'s park call: a push onto the deque then
     * comes from the park itself (a reactor's readiness dispatch waking the tasks it found),
     * notifies nobody, and the worker loop looks at the deque when the park returns.
     */
    boolean inPark;
    /**
     * How long this core's last park lasted, in nanoseconds; 0 once the worker loop has read it
     * (at the end of a run of tasks, and at every fairness turn), so it describes only the park
     * that began the current run. Set by the park after it wakes.
     */
    long lastParkNanos;
    /**
     * Whether the holder is in a deferred blocking section begun on this core: it runs user
     * code that may block, so every push onto the deque wakes a parked worker, not only a push
     * onto an empty one (see {@code WorkStealingMode.pushLocal}). Set and cleared by the
     * section's thread, the only thread that pushes onto this deque, and read only by it.
     */
    boolean inSection;
    /**
     * Tasks run since the batch of the worker's statistics opened or was last measured: the
     * worker loop's fairness count (it looks at its inbox first every 61) and the batch's poll
     * count, one field for both (see WorkerStats).
     */
    int batchPolls;
    /**
     * The start of the running poll when polls are timed (TaskRunner keeps it here between the
     * steps before and after a task). Plain: only the thread holding the core touches it.
     */
    long pollStart;
    /**
     * Tasks pushed onto this deque by the tasks of this core (wraps around; only differences
     * are used): the LIFO rule runs the newest next when it moved during the last task, and the
     * statistics publish what it moved by per batch as local schedules.
     */
    int spawns;
    /** {@link #spawns} when the worker loop last looked for a task. */
    int spawnsSeen;
    /** {@link #spawns} when the statistics last published it. */
    int spawnsPublished;
    /** Consecutive runs of just-spawned tasks, capped by WorkerLoop.MAX_LIFO_RUNS. */
    int lifoRuns;
    /** xorshift state for choosing victims. */
    int seed;
    /**
     * Where a batch move hands back the task it took to run first: an inbox take
     * ({@code WorkStealingDeque.takeInbox}) or a steal ({@code stealInto}), which store the rest
     * in the deque themselves. One slot.
     */
    final Runnable[] batch = new Runnable[1];

    /** Counters and timings; written by the owner, read racily by metrics (see WorkerStats). */
    public final WorkerStats stats;

    WorkerCore(int index, Park park) {
        this(index, park, new WorkerStats(index, "", MetricsConfig.DEFAULT), null,
                TimerClock.SYSTEM.nanoTime(), true);
    }

    WorkerCore(int index, Park park, WorkerStats stats, int[] inboxQuotas, long timerOrigin,
            boolean parks) {
        this.index = index;
        this.deque = new WorkStealingDeque<>();
        this.inbox = new Inbox(inboxQuotas);
        this.park = park;
        this.stats = stats;
        this.unpark = park.unparker();
        this.timers = new TimerCore(timerOrigin, unpark, parks);
        this.seed = 0x9E3779B9 * (index + 1) | 1;
    }

    /**
     * The successor of a core whose thread is stuck in a task (the detector's retake): the same
     * worker (index, inbox, park, public handle) with a fresh deque and fresh owner-only fields.
     * The old core keeps its deque, which stays its stuck thread's own (an orphan that thieves
     * may steal from), so no deque ever has two owners.
     *
     * @param old the core retaken from its thread
     * @param stats the successor's statistics ({@link WorkerStats#successor()})
     */
    WorkerCore(WorkerCore old, WorkerStats stats) {
        this.index = old.index;
        this.deque = new WorkStealingDeque<>();
        this.inbox = old.inbox;
        this.park = old.park;
        this.unpark = old.unpark;
        this.timers = old.timers;
        this.stats = stats;
        this.seed = 0x9E3779B9 * (old.index + 1) | 1;
        this.handle = old.handle;
    }

    /** {@return the worker index, 0..poolSize-1} */
    public int index() {
        return index;
    }

    /** {@return the public handle of this worker (an {@code io.tidepool.Worker})} */
    public Object lvHandle() {
        return handle;
    }

    /**
     * Sets the public handle; called once while the pool is being built.
     *
     * @param h the public handle, an {@code io.tidepool.Worker}
     */
    public void svHandle(Object h) {
        handle = h;
    }

    /** Opens a batch of the statistics, if none is open. Owner only. */
    public void openBatch() {
        stats.openBatch();
    }

    /** Measures the open batch, publishing its counts, and keeps it open. Owner only. */
    public void flushBatch() {
        stats.flushBatch(batchPolls, spawns - spawnsPublished);
        batchPolls = 0;
        spawnsPublished = spawns;
    }

    /** Measures and closes the open batch, publishing its counts. Owner only. */
    public void endBatch() {
        stats.endBatch(batchPolls, spawns - spawnsPublished);
        batchPolls = 0;
        spawnsPublished = spawns;
    }

    /**
     * The statistics for a successor of this core, carrying over the counts of the open batch.
     * Called by the monitor on its own thread while this core's thread is stuck in a task: opaque
     * loads of ints that thread wrote plainly before it entered the task, at least the detection
     * threshold ago, and writes no more in this core's name (TaskRunner.run does nothing more with the
     * core once it is gone); an int is never torn.
     */
    WorkerStats successorStats() {
        final int polls = (int) BATCH_POLLS.getOpaque(this);
        final int unpublished = (int) SPAWNS.getOpaque(this) - (int) SPAWNS_PUBLISHED.getOpaque(this);
        return stats.successor(polls, unpublished);
    }

    /** Next pseudo-random int in [0, bound). Owner only. */
    int nextRandom(int bound) {
        int x = seed;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        seed = x;
        return (int) (((x & 0xFFFFFFFFL) * bound) >>> 32);
    }

    /**
     * The successor of this core for the monitor's retake (see the constructor it calls), with
     * statistics continued from this core's. Monitor thread, while this core's thread is stuck.
     *
     * @return a new core for the same worker, owned by nobody yet
     */
    public WorkerCore successor() {
        return new WorkerCore(this, successorStats());
    }

    /**
     * Marks the holder as in a deferred blocking section, or no longer ({@link #inSection}).
     * Plain, by the section's thread.
     *
     * @param value whether the section is in progress
     */
    public void spInSection(boolean value) {
        inSection = value;
    }

    /** {@return whether the idle set counts this worker as searching} Owner only (plain). */
    public boolean lpSearching() {
        return searching;
    }

    /**
     * Sets whether the idle set counts this worker as searching. Owner only (plain).
     *
     * @param value the new value
     */
    public void spSearching(boolean value) {
        searching = value;
    }

    /** {@return tasks run in the open batch so far} Owner only (a plain read). */
    public int lpBatchPolls() {
        return batchPolls;
    }

    /** Counts a task pushed onto this core's deque by its holder. Owner only. */
    public void countSpawn() {
        spawns++;
    }

    /** {@return whether both queues looked empty} Any thread. */
    public boolean queuesLookEmpty() {
        return deque.isEmpty() && inbox.isEmpty();
    }
}
