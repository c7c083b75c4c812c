package io.tidepool.internal.pool;

import io.tidepool.Park;
import io.tidepool.Unpark;
import io.tidepool.internal.metrics.MetricsConfig;
import io.tidepool.internal.metrics.WorkerStats;
import io.tidepool.internal.queue.Inbox;
import io.tidepool.internal.queue.WorkStealingDeque;

/**
 * A worker's identity and queues, separable from the thread that runs them: a blocking section
 * hands the whole core to another thread.
 *
 * <p>Fields marked <em>owner</em> are touched only by the thread currently running the core;
 * the hand-off of a core between threads is a happens-before edge, so they need no atomics.
 */
public final class WorkerCore {
    /** Tasks taken from the inbox or a victim per visit; bounds the time the claim is held. */
    static final int BATCH = 64;
    /**
     * Tasks moved from the own inbox per visit. Larger than {@link #BATCH}: under a stream of
     * outside submissions the inbox is visited only every 61 turns when the deque is busy, and
     * each visit must keep up (spawn_many_remote_busy); the moved tasks stay stealable.
     */
    static final int INBOX_BATCH = 256;

    final int index;
    final WorkStealingDeque<Runnable> deque;
    /** Shared with the successor core that the stuck-worker detector may create. */
    final Inbox inbox;
    final Park park;
    final Unpark unpark;
    /** Public {@code io.tidepool.Worker} handle, set once by the facade before threads start. */
    private volatile Object handle;

    // ---- owner-only state ----
    /** Whether the idle set counts this worker as searching. */
    boolean searching;
    /** Tasks run since the last fairness check. */
    int tick;
    /** Whether the task that ran last pushed onto this deque (its newest task goes next). */
    boolean spawnedByLast;
    /** Consecutive runs of just-spawned tasks, capped by WorkerLoop.MAX_LIFO_RUNS. */
    int lifoRuns;
    /** xorshift state for choosing victims. */
    int seed;
    /** Scratch space for moving a batch from an inbox into the deque in FIFO order. */
    final Runnable[] batch = new Runnable[INBOX_BATCH];

    /** Counters and timings; written by the owner, read racily by metrics (see WorkerStats). */
    final WorkerStats stats;

    WorkerCore(int index, Park park) {
        this(index, park, new WorkerStats(index, "", MetricsConfig.DEFAULT));
    }

    WorkerCore(int index, Park park, WorkerStats stats) {
        this.index = index;
        this.deque = new WorkStealingDeque<>();
        this.inbox = new Inbox();
        this.park = park;
        this.stats = stats;
        this.unpark = park.unparker();
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
        this.stats = stats;
        this.seed = 0x9E3779B9 * (old.index + 1) | 1;
        this.handle = old.handle;
    }

    /** {@return the worker index, 0..poolSize-1} */
    public int index() {
        return index;
    }

    /** {@return the public handle of this worker (an {@code io.tidepool.Worker})} */
    public Object handle() {
        return handle;
    }

    /**
     * Sets the public handle; called once while the pool is being built.
     *
     * @param h the public handle, an {@code io.tidepool.Worker}
     */
    public void handle(Object h) {
        handle = h;
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

    /** Whether both queues looked empty. Any thread. */
    boolean queuesLookEmpty() {
        return deque.isEmpty() && inbox.isEmpty();
    }
}
