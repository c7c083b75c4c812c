package io.tidepool;

/**
 * A poll-based computation, the Java form of a Rust future: the pool calls {@link #poll} until it
 * returns {@link Poll#ready}. When it is not ready, the task arranges for
 * {@code cx.waker().wake()} to be called when it can make progress (from any thread) and returns
 * {@link Poll#pending()}; the pool then polls it again once per wake.
 *
 * <p>The pool never polls one task from two threads at once, and every poll happens-after the
 * previous one, so a task may keep plain mutable state in its fields.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface AsyncTask<T> {
    /**
     * Makes as much progress as possible without blocking.
     *
     * @param cx the context of this poll; its {@link TaskContext#waker()} reschedules the task
     * @return {@link Poll#ready(Object)} with the result, or {@link Poll#pending()}
     * @throws Exception to complete the task exceptionally; it is not polled again
     */
    Poll<T> poll(TaskContext cx) throws Exception;
}
