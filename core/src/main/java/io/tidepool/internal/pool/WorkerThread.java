package io.tidepool.internal.pool;

/**
 * A thread of a tidepool pool. It runs a {@link WorkerCore} while it holds one; a blocking
 * section takes the core away and gives it to a backup thread.
 */
public final class WorkerThread extends Thread {
    final Pool pool;
    /** The core this thread runs, or null. Written by this thread or before it starts. */
    private volatile WorkerCore core;
    /** Whether this thread is in a blocking section that took a permit. This thread only. */
    boolean holdsPermit;
    /** Whether this thread is inside {@code Pool.runTask}. This thread only. */
    boolean runningTask;
    /**
     * Pinned-core mode: the CPU this thread is pinned to, or {@code Reactors.NOT_PINNED} or
     * {@code Reactors.UNAFFINITIZED}. This thread only.
     */
    int pinnedCpu = Reactors.NOT_PINNED;

    WorkerThread(Pool pool, String name, long stackSize) {
        super(null, null, name, stackSize);
        this.pool = pool;
    }

    @Override
    public void run() {
        pool.workerMain(this);
    }

    /** The core the calling thread runs for {@code pool}, or null. */
    static WorkerCore currentCore(Pool pool) {
        if (Thread.currentThread() instanceof WorkerThread w && w.pool == pool) {
            return w.core;
        }
        return null;
    }

    /** {@return the core of the calling thread in any pool, or null} */
    public static WorkerCore currentCore() {
        return Thread.currentThread() instanceof WorkerThread w ? w.core : null;
    }

    WorkerCore core() {
        return core;
    }

    void core(WorkerCore c) {
        core = c;
    }
}
