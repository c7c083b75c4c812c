package io.tidepool.internal.task;

/** What an {@link AsyncTaskCell} needs from its pool. */
public interface TaskScheduler {
    /**
     * Queues a task that the pool already accepted (a wake of an async task).
     *
     * @param task the cell to run again
     * @return false if the pool has stopped and will never run it
     */
    boolean reschedule(Runnable task);

    /**
     * Called exactly once when a cell reaches COMPLETE or CANCELLED.
     *
     * @param cell the cell that terminated
     */
    void taskTerminated(AsyncTaskCell<?> cell);
}
