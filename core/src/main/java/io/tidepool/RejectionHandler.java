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
package io.tidepool;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * What a pool built with {@link ThreadPoolBuilder#maxQueued(int) maxQueued} does with a task
 * submitted from outside the pool when the bound is reached: throw ({@link #abort()}, the
 * default), run it on the submitting thread ({@link #callerRuns()}), or wait for room
 * ({@link #blockFor(Duration)}). A rejected task is never dropped silently.
 *
 * <p>The handler is called on the submitting thread, inside {@code execute}, {@code submit},
 * {@code spawn} or pinned-core {@code core(i).execute}/{@code send}, only when the bound is
 * reached while the pool runs; a pool that is shut down rejects with a
 * {@link RejectedExecutionException} without calling it. It sees the task as submitted, never a
 * {@linkplain ThreadPoolBuilder#taskDecorator task decorator}'s wrapper: a {@code Runnable}, the
 * {@code FutureTask} that {@code submit} made, or for {@code spawn(AsyncTask)} a {@code Runnable}
 * that polls the task once (its {@code toString} names the task). Every call counts in
 * {@link PoolMetrics#rejectedCount()}.
 *
 * <p>A custom handler that returns normally takes the task over: it must run it, queue it
 * somewhere, or throw. Calling {@code pool.execute(task)} again from the handler is allowed
 * (the decorator, if any, then runs a second time).
 */
@FunctionalInterface
public interface RejectionHandler {
    /**
     * Handles a task that found the pool's bound reached.
     *
     * @param task the task as submitted
     * @param pool the pool that refused it
     * @throws RejectedExecutionException to refuse the task, as {@link #abort()} does; thrown
     *     from the submitting call
     */
    void rejected(Runnable task, ThreadPool pool);

    /**
     * The default: throws a {@link RejectedExecutionException} naming the task, the pool, the
     * bound, the tasks waiting and the run state.
     *
     * @return the handler
     */
    static RejectionHandler abort() {
        return Rejection.ABORT;
    }

    /**
     * Runs the task on the submitting thread, at once, as {@code ThreadPoolExecutor.CallerRunsPolicy}
     * does: the submitter is slowed by the work it could not queue. The task runs as submitted
     * (not decorated: it is already in the submitter's context); what it throws goes to the
     * submitter. An async task is polled once on the submitting thread; if it is pending, its
     * next wake queues it on the pool as usual.
     *
     * @return the handler
     */
    static RejectionHandler callerRuns() {
        return Rejection.CALLER_RUNS;
    }

    /**
     * Makes the submitter wait for room up to {@code timeout}, then throw as {@link #abort()}
     * does. The wait checks for room with a back-off (from a microsecond doubling up to a
     * millisecond between checks), so a worker taking a task pays nothing to wake submitters;
     * room is therefore noticed up to a millisecond late. Interruptible: an interrupt ends the
     * wait with a {@link RejectedExecutionException} whose cause is the
     * {@link InterruptedException}, and the thread's interrupt status is set again. A
     * shutdown during the wait rejects at once.
     *
     * @param timeout the longest wait, positive
     * @return the handler
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    static RejectionHandler blockFor(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("blockFor timeout must be positive: " + timeout);
        }
        return new Rejection.BlockFor(timeout);
    }
}
