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

package io.tidepool.internal.task;

import static io.tidepool.internal.task.TaskState.CANCELLED;
import static io.tidepool.internal.task.TaskState.CANCEL_PENDING;
import static io.tidepool.internal.task.TaskState.COMPLETE;
import static io.tidepool.internal.task.TaskState.IDLE;
import static io.tidepool.internal.task.TaskState.INTERRUPTING;
import static io.tidepool.internal.task.TaskState.NOTIFIED;
import static io.tidepool.internal.task.TaskState.REQUEUE;
import static io.tidepool.internal.task.TaskState.RUNNING;
import static io.tidepool.internal.task.TaskState.SCHEDULED;
import static io.tidepool.internal.task.TaskState.isCancelPending;
import static io.tidepool.internal.task.TaskState.isInterrupting;
import static io.tidepool.internal.task.TaskState.lifecycle;

import io.tidepool.AsyncTask;
import io.tidepool.ContextPropagator;
import io.tidepool.Poll;
import io.tidepool.TaskContext;
import io.tidepool.TaskHandle;
import io.tidepool.Waker;
import io.tidepool.internal.park.StackHeadroom;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A spawned {@link AsyncTask} with its state machine (see {@link TaskState}); it is at once the
 * {@link Runnable} the queues hold, the {@link Waker}, the {@link TaskContext} and the
 * {@link TaskHandle}, so a wake allocates nothing.
 *
 * <p>Exactly-once re-polling: {@link #wake} moves IDLE to SCHEDULED and queues the cell (only the
 * thread whose CAS wins queues it), or moves RUNNING to NOTIFIED; when a poll returns pending,
 * {@link #run} moves RUNNING to IDLE, or NOTIFIED to SCHEDULED and queues the cell itself. Every
 * transition is a CAS on one word, so two wakes can never queue the cell twice and a wake is
 * never forgotten.
 *
 * <p>Self-wake: a task that wakes itself during its own poll (a yield) would pay three CASes per
 * re-poll (SCHEDULED to RUNNING, RUNNING to NOTIFIED, NOTIFIED to SCHEDULED). A wake from the
 * polling thread, during that poll, instead sets the plain {@link #selfWoken}, and the poll's
 * end moves RUNNING straight to SCHEDULED and queues the cell: two CASes. The test is exact:
 * {@link #runner} holds the current thread only between this thread's own stores of itself
 * and of null around its poll (see {@link #wake}).
 *
 * <p>Faults while queuing: the pool's {@code reschedule} may throw (a {@link StackOverflowError}
 * in a waker at its stack limit, an {@link OutOfMemoryError} growing an inbox lane), before or
 * after the cell reached a queue. A wake that throws so records that a queuing is owed
 * ({@link #requeueOwed}) and rethrows; the next wake that finds the cell SCHEDULED turns the
 * record into SCHEDULED+REQUEUE and queues the cell again. A copy that did reach a queue still
 * polls it, and a second copy finds it polled and is dropped, so the cell is never left
 * SCHEDULED in no queue with every later wake ignored. The record is a field store, not a
 * CAS: the catch runs at the depth where the submission overflowed, where a call (a CAS through
 * its {@code VarHandle}, interpreted) could overflow again and lose the record. A worker whose
 * re-queue after a notified poll throws completes the task with that error instead (the wake it
 * owed came from another thread, which will not wake again).
 *
 * @param <T> result type
 */
public final class AsyncTaskCell<T> implements Runnable, Waker, TaskContext, TaskHandle<T> {
    private static final VarHandle STATE;
    private static final VarHandle RUNNER;
    /**
     * Probe frames before a cancel's state change: the handle's completion (a
     * {@code CancellationException} and the future's dependents) and the pool's bookkeeping go
     * deeper than the wake path. With a probe of 64 small frames (about 1 KB compiled), a cancel
     * at every depth near the limit (CancelAtStackLimitTest) still left one cell in 4,000
     * cancelled and never released; 256 of them (about 4.3 KB) did not. 160 of the probe's
     * larger frames reach about 14 KB.
     */
    private static final int CANCEL_HEADROOM = 160;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(AsyncTaskCell.class, "state", int.class);
            RUNNER = lookup.findVarHandle(AsyncTaskCell.class, "runner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The user's task and the pool; both cleared when the cell reaches a final state
     * ({@link #release}), so a handle or waker kept afterwards retains neither. Plain: written
     * in the constructor (the queue or the spawn's return publishes them) and cleared by the one
     * thread whose CAS made the cell final; every reader reads them before a CAS that a final
     * state would make fail, or while it holds the cell RUNNING (see {@link #wake}).
     */
    private AsyncTask<T> task;
    private TaskScheduler scheduler;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private volatile int state = SCHEDULED;
    /** The thread running a poll, for cancel(true); null between polls. */
    private volatile Thread runner;
    /**
     * When the cell was last scheduled (spawned or woken), in {@code System.nanoTime()} units;
     * written only by a pool that keeps a schedule-latency histogram. Plain: see
     * {@link #spScheduledNanos}.
     */
    private long scheduledNanos;
    /**
     * The pool's context propagator and the context captured at spawn, or null (no propagator:
     * then a poll pays one null test). Plain: set once before the cell is first queued (the
     * queue publishes it), cleared with the task on release.
     */
    private ContextPropagator propagator;
    private Object context;
    /**
     * Whether the running poll woke its own cell, recorded by {@link #wake} instead of the CAS
     * RUNNING to NOTIFIED. Plain: written and read only by the thread running the poll, between
     * its CAS SCHEDULED to RUNNING and its end of the poll; the next poll, by whatever thread,
     * clears it first, and that thread's CAS to RUNNING follows this one's CAS out of RUNNING.
     */
    private boolean selfWoken;
    /**
     * Set by a wake that threw with the cell SCHEDULED: the cell may be in no queue. The next
     * wake that reads SCHEDULED clears it and moves the cell to SCHEDULED+REQUEUE, which queues
     * it again (class doc). A record left over after the cell was polled costs at most one extra
     * queued copy, which finds the cell polled and is dropped.
     */
    private volatile boolean requeueOwed;
    /** Disarms the latest {@link #orTimeout} timer; run when the cell becomes final. */
    private volatile Runnable timeoutDisarm;

    /**
     * Creates a cell in state SCHEDULED; the caller queues it.
     *
     * @param task the task to poll; not null
     * @param scheduler the pool that runs the cell's polls and is told when it terminates
     */
    public AsyncTaskCell(AsyncTask<T> task, TaskScheduler scheduler) {
        this.task = Objects.requireNonNull(task, "task");
        this.scheduler = scheduler;
    }

    /** Polls the task once. Called by a worker for a cell it took from a queue. */
    @Override
    public void run() {
        if (!casState(SCHEDULED, RUNNING) && !casState(SCHEDULED | REQUEUE, RUNNING)) {
            // only CANCELLED can replace SCHEDULED: drop the queued cell (or a second copy
            // queued by a wake after a failed one, class doc)
            return;
        }
        Poll<T> outcome;
        final Thread self = Thread.currentThread();
        selfWoken = false;
        soRunner(self);
        try {
            outcome = propagator == null ? task.poll(this) : pollInContext();
            if (outcome == null) {
                throw new NullPointerException("AsyncTask.poll returned null: " + task);
            }
        } catch (Throwable t) {
            soRunner(null);
            finish(null, t);
            return;
        }
        soRunner(null);
        if (outcome.isReady()) {
            finish(outcome.value(), null);
        } else {
            afterPending();
        }
    }

    private void afterPending() {
        final boolean woken = selfWoken;
        while (true) {
            final int s = lvState();
            if (isInterrupting(s)) {
                // cancel(true) is interrupting this thread: let the interrupt land in the poll
                Thread.onSpinWait();
            } else if (isCancelPending(s)) {
                if (casState(s, CANCELLED)) {
                    release();
                    return;
                }
            } else if (s == RUNNING && !woken) {
                if (casState(RUNNING, IDLE)) {
                    return;
                }
            } else if (s == NOTIFIED || s == RUNNING) {
                // NOTIFIED, or RUNNING after a self-wake: due for a re-poll. Read before the
                // CAS: a cancel may make the cell final right after it
                final TaskScheduler pool = scheduler;
                if (casState(s, SCHEDULED)) {
                    try {
                        submitOrFail(pool);
                    } catch (Throwable t) {
                        // not queued, or queued with its wake undone: end the task with the
                        // error rather than leave it waiting for a wake already spent (a copy
                        // that reached a queue then finds it COMPLETE and is dropped)
                        failUnqueued(t);
                    }
                    return;
                }
            } else {
                throw new IllegalStateException("poll ended in state " + TaskState.name(s));
            }
        }
    }

    private void finish(T value, Throwable failure) {
        while (true) {
            final int s = lvState();
            if (isInterrupting(s)) {
                Thread.onSpinWait();
            } else if (isCancelPending(s)) {
                if (casState(s, CANCELLED)) {
                    break;
                }
            } else if (casState(s, COMPLETE)) {
                if (failure == null) {
                    future.complete(value);
                } else {
                    future.completeExceptionally(failure);
                }
                break;
            }
        }
        release();
    }

    @Override
    public void wake() {
        // exact: only run() stores a thread here, the one that polls, and it stores null
        // before its poll's end reads selfWoken; so this thread reads itself only during its
        // own poll of this cell (its last store; no other thread stores while the cell is
        // RUNNING or NOTIFIED), and never after that poll (its own later store of null, or a
        // later poll's thread). A cancel during the poll is seen by the poll's end as before
        if (lvRunner() == Thread.currentThread()) {
            selfWoken = true;
            return;
        }
        try {
            while (true) {
                final int s = lvState();
                if (s == IDLE || s == (SCHEDULED | REQUEUE)) {
                    // read before the CAS: once the CAS wins the cell was not final at the read
                    // (a final state only follows it), so the pool is still there; a cancel
                    // right after the CAS may clear the field, not this copy
                    final TaskScheduler pool = scheduler;
                    if (casState(s, SCHEDULED)) {
                        submitOrFail(pool);
                        return;
                    }
                } else if (s == RUNNING) {
                    if (casState(RUNNING, NOTIFIED)) {
                        return;
                    }
                } else if (s == SCHEDULED && requeueOwed) {
                    // an earlier wake threw: cleared before the CAS, so that a wake that throws
                    // after this one's CAS records again; a CAS that fails found the cell
                    // polled, cancelled or already marked
                    requeueOwed = false;
                    casState(SCHEDULED, SCHEDULED | REQUEUE);
                } else {
                    // SCHEDULED, NOTIFIED: already due for a poll; terminal or cancel pending:
                    // ignored
                    return;
                }
            }
        } catch (Throwable t) {
            // queued or not: let the next wake queue it again (class doc). The state is read
            // here, not remembered: the throw can come between any two steps above (the clear
            // and the CAS that marks, a CAS and the next call). SCHEDULED left by another
            // wake costs at most an extra copy. A field load and a field store, no call: this
            // frame may have no stack left for one
            if (state == SCHEDULED) {
                requeueOwed = true;
            }
            throw t;
        }
    }

    /** Ends a cell whose re-queue threw, unless a queued copy is already polling it. */
    private void failUnqueued(Throwable t) {
        if (casState(SCHEDULED, COMPLETE) || casState(SCHEDULED | REQUEUE, COMPLETE)) {
            future.completeExceptionally(t);
            release();
        }
    }

    /**
     * Queues the cell after a wake. A pool that refuses it has stopped ({@code shutdownNow}),
     * which cancels every async task anyway: the task ends cancelled, exactly as if the
     * shutdown's cancel had come first, so {@code isCancelled()} and {@code get()} agree.
     */
    private void submitOrFail(TaskScheduler pool) {
        if (!pool.reschedule(this)) {
            // an overflow must come before the state change, not between it and the handle's
            // completion (see stop)
            StackHeadroom.ensure(CANCEL_HEADROOM);
            if (casState(SCHEDULED, CANCELLED)) {
                future.cancel(false);
                release();
            }
        }
    }

    /**
     * After the CAS that made the cell final, by the thread that made it: drops the task (and
     * all it captured) and the pool, then tells the pool. A handle or waker kept afterwards
     * answers from the future and the state alone.
     */
    private void release() {
        final TaskScheduler pool = scheduler;
        final Runnable disarm = timeoutDisarm;
        if (disarm != null) {
            // the task ended before its deadline: the timer leaves its wheel
            disarm.run();
        }
        task = null;
        scheduler = null;
        propagator = null;
        context = null;
        pool.taskTerminated(this);
    }

    /**
     * Sets the context restored around every poll; by the spawner, before the cell is first
     * queued (the queue publishes it).
     *
     * @param p the pool's context propagator
     * @param captured what it captured on the spawning thread
     */
    public void spContext(ContextPropagator p, Object captured) {
        propagator = p;
        context = captured;
    }

    /** Polls with the spawn's context restored; what restore or close throws fails the poll. */
    private Poll<T> pollInContext() throws Exception {
        try (ContextPropagator.Scope ignored = propagator.restore(context)) {
            return task.poll(this);
        }
    }

    /**
     * Cancels as the pool shuts down now; the cell may sit in a queue that is being discarded.
     *
     * @return whether this call cancelled it
     */
    public boolean cancelForShutdown() {
        return cancel(true);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return stop(mayInterruptIfRunning, true);
    }

    @Override
    public TaskHandle<T> orTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        final TaskScheduler pool = scheduler;
        if (pool == null || isDone()) {
            return this;
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        final Duration limit = timeout;
        final Runnable disarm = pool.armTimeout(() -> timeOut(limit), nanos);
        if (disarm != null) {
            timeoutDisarm = disarm;
            if (isDone()) {
                // completed meanwhile; its release may have read the field before this store
                disarm.run();
            }
        }
        return this;
    }

    /**
     * The deadline of {@link #orTimeout} passed: the handle completes with a
     * {@link TimeoutException} (first, so a poll finishing meanwhile cannot complete it), then
     * the task stops as by {@code cancel(false)} without cancelling the handle.
     */
    private void timeOut(Duration limit) {
        if (future.completeExceptionally(new TimeoutException("task did not complete within "
                + limit + ": " + task))) {
            stop(false, false);
        }
    }

    /**
     * Stops the task: not polled again; a running poll finishes and its outcome is dropped.
     *
     * @param mayInterruptIfRunning whether to interrupt a running poll
     * @param cancelFuture whether the handle completes cancelled (false: a timeout completed it)
     */
    private boolean stop(boolean mayInterruptIfRunning, boolean cancelFuture) {
        // a caller near its stack limit overflows here, with nothing changed, rather than after
        // the CAS that makes the cell final and before the handle completes and the pool forgets
        // the cell (which left a cancelled task that kept its pool from terminating)
        StackHeadroom.ensure(CANCEL_HEADROOM);
        while (true) {
            final int s = lvState();
            if (s == IDLE || lifecycle(s) == SCHEDULED) {
                if (casState(s, CANCELLED)) {
                    if (cancelFuture) {
                        future.cancel(false);
                    }
                    release();
                    return true;
                }
            } else if ((s == RUNNING || s == NOTIFIED)) {
                final int flags = mayInterruptIfRunning ? CANCEL_PENDING | INTERRUPTING : CANCEL_PENDING;
                if (casState(s, s | flags)) {
                    if (cancelFuture) {
                        future.cancel(false);
                    }
                    if (mayInterruptIfRunning) {
                        final Thread r = lvRunner();
                        if (r != null) {
                            r.interrupt();
                        }
                        // the poll's end waits for this, so the interrupt cannot outlive the poll
                        clearInterrupting();
                    }
                    return true;
                }
            } else {
                return false;
            }
        }
    }

    @Override
    public Waker waker() {
        return this;
    }

    @Override
    public boolean isCancelled() {
        final int s = lvState();
        // a timed-out task is stopped the same way, but its handle completed with the timeout
        return (lifecycle(s) == CANCELLED || isCancelPending(s))
                && (future.isCancelled() || !future.isDone());
    }

    @Override
    public boolean isDone() {
        return future.isDone();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        return future.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout, unit);
    }

    @Override
    public CompletionStage<T> completionStage() {
        return future.minimalCompletionStage();
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        return future.copy();
    }

    /**
     * Records when the cell is being queued, for the schedule-latency histogram. Called by the
     * pool just before it queues the cell, by the one thread whose transition to SCHEDULED won
     * (the spawner, a waker, or the worker ending a NOTIFIED poll).
     *
     * <p>Plain store: the queue that carries the cell publishes it (release on push, acquire on
     * take), and the next store can only follow the next transition to SCHEDULED, which needs
     * the worker's CAS SCHEDULED to RUNNING, made after it read the value
     * ({@link #lpScheduledNanos}).
     *
     * @param nanos {@code System.nanoTime()} now
     */
    public void spScheduledNanos(long nanos) {
        scheduledNanos = nanos;
    }

    /**
     * {@return when the cell was last queued} Plain load, by the worker that took the cell from
     * a queue, before it runs the cell (see {@link #spScheduledNanos}).
     */
    public long lpScheduledNanos() {
        return scheduledNanos;
    }

    /** {@return the wrapped task, for diagnostics; null once the cell is final} */
    public AsyncTask<T> task() {
        return task;
    }

    /** {@return the state name, for tests and diagnostics} */
    public String stateName() {
        return TaskState.name(lvState());
    }

    @Override
    public String toString() {
        return "AsyncTaskCell[" + stateName() + ", " + task + "]";
    }

    private int lvState() {
        return state;
    }

    private boolean casState(int expected, int value) {
        return STATE.compareAndSet(this, expected, value);
    }

    private void clearInterrupting() {
        STATE.getAndBitwiseAnd(this, ~INTERRUPTING);
    }

    private Thread lvRunner() {
        return runner;
    }

    private void soRunner(Thread t) {
        // release: cancel(true) reads it after its CAS on state; a stale null there only means
        // the poll that is ending is not interrupted, which cancel's contract allows
        RUNNER.setRelease(this, t);
    }
}
