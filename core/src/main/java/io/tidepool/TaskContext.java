package io.tidepool;

/**
 * What a poll of an {@link AsyncTask} can see of its task. Valid during the poll; the
 * {@link #waker()} stays valid for the life of the task and may be stored and called later from
 * any thread.
 */
public interface TaskContext {
    /** {@return the waker of the task being polled; always the same object for one task} */
    Waker waker();

    /**
     * {@return whether {@link TaskHandle#cancel} was called} If so, the task will not be polled
     * again.
     */
    boolean isCancelled();
}
