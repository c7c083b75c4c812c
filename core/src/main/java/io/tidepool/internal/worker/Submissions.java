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

import io.tidepool.AsyncTask;
import io.tidepool.TaskHandle;
import io.tidepool.internal.metrics.Rejections;
import io.tidepool.internal.metrics.TimestampedTask;
import io.tidepool.internal.task.AsyncTaskCell;
import io.tidepool.internal.task.TaskDecoration;
import io.tidepool.internal.task.TaskDescriptions;
import io.tidepool.internal.task.TaskScheduler;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The ways work enters a pool: {@code execute}, {@code spawn}, {@code spawnBlocking}, the
 * decoration of each on the submitting thread, and the re-queueing of a woken async task. The
 * {@link Pool} keeps the run state; this class reads it only to word a rejection.
 *
 * <p><b>Bound.</b> With {@code maxQueued} set, a new task from outside the pool that finds no
 * room (the mode refuses it while the pool is RUNNING) is counted, reported to JFR (throttled)
 * and handed to the {@link Overflow} (the public rejection handler), which sees the user's task,
 * never the decorator's wrapper or the timestamp. A retry offers the task exactly as it was
 * first queued, so a decorator runs once per submission. Without a bound the mode never refuses
 * for room and none of this runs.
 *
 * <p><b>Cost.</b> Every field is final and holds what a submission touches directly (the mode,
 * the decoration, the switches), so a submission loads them from this object and not through
 * the pool: the facade holds this object in a final field of its own, and {@code execute} costs
 * the same dependent loads as it did when it lived in the pool.
 */
public final class Submissions implements TaskScheduler {
    private final Pool pool;
    /** Where tasks go: {@link WorkStealingMode} or pinned-core mode. */
    private final PoolMode mode;
    /**
     * The task decorator and context propagator, or null (the default): then the submission
     * paths pay one test of this final field and nothing else.
     */
    private final TaskDecoration decoration;
    /**
     * Whether submissions are timestamped for the schedule-latency histogram. When false (the
     * default) the submit and run paths pay one test of this final field and nothing else.
     */
    private final boolean scheduleLatency;
    /** Neither a decoration nor a timestamp: {@link #execute} queues the task as it is. */
    private final boolean plain;
    /** The pool's set of async tasks spawned and not yet terminal (shared with the pool). */
    private final Set<AsyncTaskCell<?>> asyncTasks;
    /** The hand-off layer, which runs {@code spawnBlocking} bodies. */
    private final HandOffHooks handOffs;
    /** Whether outside submissions are bounded; only then can the mode refuse a task for room. */
    private final boolean bounded;
    /** What a submission that found no room does; null: throw {@link #full}'s exception. */
    private final Overflow overflow;
    /** The count of rejections for lack of room, and their JFR event. */
    private final Rejections rejections;

    Submissions(Pool pool, PoolMode mode, TaskDecoration decoration, boolean scheduleLatency,
            Set<AsyncTaskCell<?>> asyncTasks, HandOffHooks handOffs) {
        this.pool = pool;
        this.mode = mode;
        this.decoration = decoration;
        this.scheduleLatency = scheduleLatency;
        this.plain = decoration == null && !scheduleLatency;
        this.asyncTasks = asyncTasks;
        this.handOffs = handOffs;
        final PoolConfig config = pool.config();
        this.bounded = config.bounded();
        this.overflow = config.overflow();
        this.rejections = new Rejections(config.name(), config.maxQueued());
    }

    /**
     * Queues a new task: on the calling worker's deque, or in a worker's inbox. With a
     * task decorator or context propagator the task is decorated first (see
     * {@link #decorate}); with a schedule-latency histogram it is queued inside a
     * {@link TimestampedTask}.
     *
     * @param task the task to run once; not null
     * @throws RejectedExecutionException if the pool no longer accepts it
     */
    public void execute(Runnable task) {
        // the common case is one test and the mode's push; the rest stays out of line, so that
        // a spawning task's compilation inlines all of this (see executeWrapped)
        if (!plain) {
            executeWrapped(task);
        } else if (!mode.submit(task)) {
            refused(task, task);
        }
    }

    /**
     * {@link #execute} with a decoration or a submission timestamp. Its own method so that the
     * compiled {@code execute} stays under HotSpot's size limit for inlining an
     * already-compiled callee ({@code InlineSmallCode}, 1000 bytes without tiered compilation):
     * above it, every spawn from a task was a call (counted with valgrind, about 10
     * instructions per task).
     */
    private void executeWrapped(Runnable task) {
        final Runnable run = decoration == null ? task : decoration.decorate(task);
        final Runnable queued = scheduleLatency ? new TimestampedTask(run, System.nanoTime()) : run;
        if (!mode.submit(queued)) {
            refused(task, queued);
        }
    }

    /** The slow path of {@link #execute}: the pool refused {@code queued}. */
    private void refused(Runnable task, Runnable queued) {
        if (!bounded || pool.lvLifecycle() != Lifecycle.RUNNING) {
            // shut or stopped (an inbox refuses for room only while RUNNING)
            throw rejected(task);
        }
        full(task, () -> offerAgain(task, queued));
    }

    /**
     * Hands a submission that found no room to the pool's rejection handler, after counting it
     * (and, throttled, reporting it to JFR). On the submitting thread.
     *
     * @param task the user's task, as the handler sees it
     * @param retry offers it again as first queued (see {@link Overflow#full})
     * @throws RejectedExecutionException if the handler rejects it (the default)
     */
    public void full(Runnable task, BooleanSupplier retry) {
        rejections.rejected(TaskDescriptions.userTask(task).getClass());
        final Overflow o = overflow;
        if (o == null) {
            throw full(task);
        }
        o.full(pool, task, retry);
    }

    /**
     * Offers an outside task again, as first queued; for {@link Overflow} retries.
     *
     * @param task the user's task, for the exception
     * @param queued what was first offered
     * @return whether it is queued now
     * @throws RejectedExecutionException if the pool is no longer running
     */
    private boolean offerAgain(Runnable task, Runnable queued) {
        if (mode.submit(queued)) {
            return true;
        }
        if (pool.lvLifecycle() != Lifecycle.RUNNING) {
            throw rejected(task);
        }
        return false;
    }

    /**
     * Spawns a poll-based task.
     *
     * @param <T> the task's result type
     * @param task the task to poll; not null
     * @return the handle completed with the task's outcome
     * @throws RejectedExecutionException if the pool no longer accepts it
     */
    public <T> TaskHandle<T> spawn(AsyncTask<T> task) {
        final AsyncTaskCell<T> cell = new AsyncTaskCell<>(task, this);
        final TaskDecoration d = decoration;
        if (d != null && d.propagator() != null) {
            // captured here, on the spawning thread; restored around every poll
            cell.spContext(d.propagator(), d.propagator().capture());
        }
        asyncTasks.add(cell);
        if (scheduleLatency) {
            cell.spScheduledNanos(System.nanoTime());
        }
        if (!mode.submit(cell)) {
            refused(cell);
        }
        return cell;
    }

    /**
     * The slow path of {@link #spawn}: the cell was refused. With room lacking, the handler may
     * queue it (a retry) or poll it on the caller; if it throws, or the pool is shut, the cell
     * leaves the set of live tasks before the exception goes on.
     */
    private void refused(AsyncTaskCell<?> cell) {
        try {
            if (!bounded || pool.lvLifecycle() != Lifecycle.RUNNING) {
                throw rejected(cell);
            }
            full(cell, () -> offerAgain(cell, cell));
        } catch (RuntimeException | Error e) {
            asyncTasks.remove(cell);
            // a quiescence check may have seen the cell in the set meanwhile and given up
            pool.tryTerminate();
            throw e;
        }
    }

    /**
     * Runs {@code body} on one of the pool's blocking threads (the hand-off layer's bounded
     * executor).
     *
     * @param <T> the body's result type
     * @param body the blocking code; not null
     * @return a future completed with the body's result or exception; cancelling it before the
     *     body starts means the body never runs
     * @throws RejectedExecutionException if the pool no longer accepts it, or the queue is full
     */
    public <T> CompletableFuture<T> spawnBlocking(Callable<T> body) {
        return handOffs.spawnBlocking(decorate(body), pool.isWorkerThread());
    }

    /**
     * Decorates a task submitted other than through {@link #execute} (a pinned core's message),
     * on the submitting thread.
     *
     * @param task the user's task
     * @return the task to queue; {@code task} itself when the pool decorates nothing
     */
    public Runnable decorate(Runnable task) {
        final TaskDecoration d = decoration;
        return d == null ? task : d.decorate(task);
    }

    /**
     * Decorates blocking code ({@code spawnBlocking}, {@code spawnUnaffinitized}) on the
     * submitting thread.
     *
     * @param <T> the result type
     * @param body the user's code
     * @return the code to run; {@code body} itself when the pool decorates nothing
     */
    public <T> Callable<T> decorate(Callable<T> body) {
        final TaskDecoration d = decoration;
        return d == null ? body : d.decorate(body);
    }

    @Override
    public boolean reschedule(Runnable task) {
        if (scheduleLatency && task instanceof AsyncTaskCell<?> cell) {
            cell.spScheduledNanos(System.nanoTime());
        }
        return mode.reschedule(task);
    }

    @Override
    public void taskTerminated(AsyncTaskCell<?> cell) {
        asyncTasks.remove(cell);
        if (asyncTasks.isEmpty() && pool.lvLifecycle() == Lifecycle.SHUTDOWN) {
            pool.tryTerminate();
        }
    }

    /**
     * The exception for a task refused for lack of room: names the user's task, the pool, the
     * bound and the run state.
     *
     * @param task the user's task
     * @return a new exception, not thrown
     */
    public RejectedExecutionException full(Runnable task) {
        return new RejectedExecutionException("Task " + TaskDescriptions.describe(task)
                + " rejected from " + pool.config().name() + ": maxQueued "
                + pool.config().maxQueued() + " reached [" + Lifecycle.name(pool.lvLifecycle()) + "]");
    }

    /** {@return how many submissions were rejected for lack of room so far} Any thread. */
    public long rejectedCount() {
        return rejections.count();
    }

    /**
     * The exception for a task the pool no longer accepts, naming the user's task (not a
     * decorator's wrapper), the pool and its state.
     */
    public RejectedExecutionException rejected(Runnable task) {
        return new RejectedExecutionException("Task " + TaskDescriptions.describe(task)
                + " rejected from " + pool.config().name()
                + " [" + Lifecycle.name(pool.lvLifecycle()) + "]");
    }

    @Override
    public Runnable armTimeout(Runnable action, long delayNanos) {
        return pool.timers().armAction(action, delayNanos);
    }
}
