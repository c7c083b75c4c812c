package io.tidepool.internal.worker;

/**
 * A thread a pool started: a {@link WorkerThread} (worker, thread in a blocking section, backup)
 * or a thread of the pool's {@code spawnBlocking} executor. A submission from one is a spawn
 * from inside the pool (accepted after {@code shutdown()}), and {@code close()} there only shuts
 * down, since termination waits for the thread itself.
 */
public class PoolThread extends Thread {
    private final Pool pool;

    /**
     * A thread of {@code pool}.
     *
     * @param pool the pool that starts it
     * @param body what the thread runs, or null to run {@link #run()}
     * @param name the thread's name
     * @param stackSize the stack size, 0 for the platform default
     */
    public PoolThread(Pool pool, Runnable body, String name, long stackSize) {
        super(null, body, name, stackSize);
        this.pool = pool;
    }

    /** {@return the pool this thread belongs to} */
    public final Pool pool() {
        return pool;
    }
}
