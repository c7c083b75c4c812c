package io.tidepool;

/**
 * What a poll of an {@link AsyncTask} can see of its task. Valid during the poll; the
 * {@link #waker()} stays valid for the life of the task and may be stored and called later from
 * any thread.
 */
public interface TaskContext {
    /** The waker of the task being polled; always the same object for one task. */
    Waker waker();

    /** Whether {@link TaskHandle#cancel} was called; the task will not be polled again. */
    boolean isCancelled();
}
