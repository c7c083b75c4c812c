package io.tidepool;

/**
 * Reschedules the {@link AsyncTask} it belongs to. Thread-safe; may be called from any thread,
 * any number of times, before, during or after a poll.
 *
 * <p>Each wake leads to at most one further poll: wakes that arrive while the task is already
 * scheduled coalesce, and a wake during a poll makes the pool poll the task once more after the
 * current poll returns pending. A wake after the task completed or was cancelled does nothing.
 * Waking allocates nothing.
 */
@FunctionalInterface
public interface Waker {
    /** Schedules the task to be polled again. */
    void wake();
}
