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
package io.tidepool.internal.timer;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A delayed task of {@code ThreadPool.schedule}: the timer, the task and its future in one
 * object (about 48 bytes with compressed references; a task given as a {@code Runnable} is
 * kept as it is, not adapted). When the timer fires the firing worker pushes this object on its
 * deque, so a thief may run it.
 *
 * <pre>
 *   QUEUED -> ARMED -> FIRED -> RUNNING -> COMPLETING -> NORMAL | EXCEPTIONAL
 *   QUEUED | ARMED | FIRED | REMOVED -> CANCELLED     (cancel; a shutdown policy)
 *   RUNNING -> CANCELLED, or INTERRUPTING -> CANCELLED (cancel(true): the runner is interrupted)
 *   RUNNING -> QUEUED                                  (a periodic task arms its next run)
 * </pre>
 * {@code REMOVED} is a task handed back by {@code shutdownNow()}: not done, still cancellable,
 * and runnable by whoever holds it. While RUNNING, {@link #outcome} holds the running thread
 * (for {@code cancel(true)}); once done, the result or the exception.
 *
 * <p>Waiting: {@code get} waits on this object's monitor after setting {@link #waiting}; the
 * completing thread stores the final state (volatile) and then reads {@code waiting}
 * (volatile), so either it sees the waiter and notifies under the monitor, or the waiter's
 * check of the state under the monitor sees the final state.
 *
 * @param <V> the result type
 */
public class ScheduledTask<V> extends TimerNode implements RunnableScheduledFuture<V> {
    static final int RUNNING = 4;
    static final int INTERRUPTING = 5;
    static final int COMPLETING = 6;
    static final int NORMAL = 7;
    static final int EXCEPTIONAL = 8;

    final Timers timers;
    /** The user's {@code Runnable} or {@code Callable}. */
    final Object task;
    /** The running thread while RUNNING; the result or exception once done; else null. */
    private Object outcome;
    /** Whether a thread waits (or waited) in {@code get}. */
    private volatile boolean waiting;

    /**
     * A delayed task, QUEUED; the caller arms it ({@link Timers#arm}).
     *
     * @param timers the pool's timers
     * @param task a {@code Runnable} or a {@code Callable}
     * @param deadline the deadline in the clock's nanoseconds
     */
    public ScheduledTask(Timers timers, Object task, long deadline) {
        this.timers = timers;
        this.task = task;
        this.deadline = deadline;
    }

    /** {@return whether the pool's policies keep this task after {@code shutdown()}} */
    public boolean keptAfterShutdown() {
        return timers.delayedAfterShutdown();
    }

    @Override
    protected Runnable expire(long now) {
        return this;
    }

    @Override
    protected boolean keepsPoolAlive() {
        return true;
    }

    @Override
    protected boolean removedByShutdown(Timers t) {
        return !keptAfterShutdown();
    }

    @Override
    protected void cancelledBySweep() {
        signalWaiters();
    }

    @Override
    public void run() {
        final int s = lvState();
        if (!(s == FIRED || s == REMOVED) || !casState(s, RUNNING)) {
            // cancelled meanwhile, or run twice
            return;
        }
        if (timers.isShutdownFor(this)) {
            // fired before shutdown() and ended by its policy: cancelled, as the executor's
            // own run-state check would
            if (casState(RUNNING, CANCELLED)) {
                signalWaiters();
            }
            return;
        }
        outcome = Thread.currentThread();
        Object result = null;
        Throwable failure = null;
        try {
            result = call();
        } catch (Throwable t) {
            failure = t;
        }
        ran(result, failure);
    }

    @SuppressWarnings("unchecked")
    private V call() throws Exception {
        if (task instanceof Runnable r) {
            r.run();
            return null;
        }
        return ((Callable<V>) task).call();
    }

    /**
     * After the task ran (or threw), on its thread: a one-shot task completes.
     *
     * @param result what it returned
     * @param failure what it threw, or null
     */
    void ran(Object result, Throwable failure) {
        complete(failure == null ? result : failure, failure == null ? NORMAL : EXCEPTIONAL);
    }

    /** RUNNING to the final state, unless a cancel came first. */
    final void complete(Object value, int finalState) {
        if (casState(RUNNING, COMPLETING)) {
            outcome = value;
            // volatile: the Dekker pair with get's store of waiting (class doc)
            svState(finalState);
            signalWaiters();
        } else {
            awaitCancelled();
        }
    }

    /** A cancel(true) is interrupting this thread: let it finish, so the interrupt lands here. */
    final void awaitCancelled() {
        while (lvState() == INTERRUPTING) {
            Thread.onSpinWait();
        }
    }

    /** Clears the running thread before a periodic task arms its next run. */
    final void clearRunner() {
        outcome = null;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        while (true) {
            final int s = lvState();
            if (s == QUEUED || s == ARMED) {
                if (cancelTimer(CANCELLED)) {
                    signalWaiters();
                    return true;
                }
            } else if (s == FIRED || s == REMOVED) {
                if (casState(s, CANCELLED)) {
                    // a queued copy on a deque finds it cancelled and does nothing
                    signalWaiters();
                    return true;
                }
            } else if (s == RUNNING) {
                if (!mayInterruptIfRunning) {
                    if (casState(RUNNING, CANCELLED)) {
                        signalWaiters();
                        return true;
                    }
                } else if (casState(RUNNING, INTERRUPTING)) {
                    // the runner may not have stored itself yet: then it is not interrupted
                    if (outcome instanceof Thread t) {
                        t.interrupt();
                    }
                    svState(CANCELLED);
                    signalWaiters();
                    return true;
                }
            } else {
                return false;
            }
        }
    }

    @Override
    public boolean isCancelled() {
        final int s = lvState();
        return s == CANCELLED || s == INTERRUPTING;
    }

    @Override
    public boolean isDone() {
        return lvState() >= INTERRUPTING;
    }

    @Override
    public boolean isPeriodic() {
        return false;
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
        return report(awaitDone(0, false));
    }

    @Override
    public V get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        final int s = awaitDone(unit.toNanos(timeout), true);
        if (!finished(s)) {
            throw new TimeoutException("not done within " + timeout + " " + unit + ": " + this);
        }
        return report(s);
    }

    private int awaitDone(long nanos, boolean timed) throws InterruptedException {
        int s = lvState();
        if (finished(s)) {
            return s;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        final long end = System.nanoTime() + nanos;
        synchronized (this) {
            waiting = true;
            while (!finished(s = lvState())) {
                if (!timed) {
                    wait();
                } else {
                    final long left = end - System.nanoTime();
                    if (left <= 0) {
                        return s;
                    }
                    wait(left / 1_000_000, (int) (left % 1_000_000));
                }
            }
        }
        return s;
    }

    private static boolean finished(int s) {
        return s >= NORMAL;
    }

    @SuppressWarnings("unchecked")
    private V report(int s) throws ExecutionException {
        if (s == NORMAL) {
            return (V) outcome;
        }
        if (s == EXCEPTIONAL) {
            throw new ExecutionException((Throwable) outcome);
        }
        throw new CancellationException("cancelled: " + this);
    }

    private void signalWaiters() {
        if (waiting) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(deadline - timers.now(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        if (other == this) {
            return 0;
        }
        final long d = other instanceof TimerNode n
                ? deadline - n.deadline
                : getDelay(TimeUnit.NANOSECONDS) - other.getDelay(TimeUnit.NANOSECONDS);
        return d < 0 ? -1 : d > 0 ? 1 : 0;
    }

    /** {@return the task as the user gave it} */
    public Object task() {
        return task;
    }

    @Override
    public String toString() {
        final int s = lvState();
        final String state = s == CANCELLED || s == INTERRUPTING ? "Cancelled"
                : s == NORMAL ? "Completed normally"
                : s == EXCEPTIONAL ? "Completed exceptionally"
                : "Not completed, delay " + getDelay(TimeUnit.NANOSECONDS) + " ns";
        return getClass().getSimpleName() + "@" + Integer.toHexString(hashCode()) + "[" + state
                + ", task = " + task + "]";
    }
}
