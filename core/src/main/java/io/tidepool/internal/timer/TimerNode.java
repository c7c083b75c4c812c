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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A timer: a deadline, the links of the wheel slot and of the message stack it travels
 * through, and a state word whose first values are the timer's own phases. Subclasses
 * ({@link ScheduledTask}, async sleeps and task timeouts) say what expiry does.
 *
 * <pre>
 *   QUEUED  --claim holder's drain-->  ARMED     (in a wheel slot or the due list)
 *   ARMED   --expiry (claim holder)--> FIRED     (subclass decides; a task goes to a deque)
 *   QUEUED | ARMED --cancel (any thread)--> CANCELLED (ARMED: a removal message is pushed)
 *   QUEUED | ARMED --shutdownNow's sweep--> REMOVED (handed back, never run by the pool)
 * </pre>
 * Subclasses add states above {@link #FIRED}; every transition is a CAS on {@link #state}, so
 * a cancel and an expiry race to exactly one winner.
 *
 * <p>Fields marked <em>claim holder</em> are touched only by the thread holding the claim of
 * the {@link TimerCore} the timer is armed on; claims are handed over with a CAS and a volatile
 * store, so those fields need no atomics.
 */
public abstract class TimerNode {
    /** Travelling to a wheel through a core's message stack. */
    public static final int QUEUED = 0;
    /** In a wheel (or the due list) of the core in {@link #owner}. */
    public static final int ARMED = 1;
    /** Expired; what happens next is the subclass's. */
    public static final int FIRED = 2;
    /** Taken out of its wheel by {@code shutdownNow()}, never to run on the pool. */
    public static final int REMOVED = 3;
    /** Cancelled before it fired (or, for a task, before or while it ran). Terminal. */
    public static final int CANCELLED = 15;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TimerNode.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The deadline in the pool clock's nanoseconds; changes only while the timer is in no wheel. */
    long deadline;
    /** Slot links; claim holder. Non-null exactly while the timer is in a slot or the due list. */
    TimerNode prev;
    TimerNode next;
    /**
     * Next message in the core's stack. Written by the pushing thread before its CAS publishes
     * the node, read by the claim holder after the exchange that takes the stack.
     */
    TimerNode stackNext;
    /**
     * The core whose stack or wheel holds the timer; written before the push that publishes it
     * (the CAS), read by a canceller after its CAS out of ARMED, which follows the drain's CAS
     * into ARMED, which follows the push.
     */
    TimerCore owner;
    private volatile int state;

    /** A timer in state QUEUED. */
    protected TimerNode() {}

    /** A slot sentinel's constructor: never queued. */
    TimerNode(int state) {
        this.state = state;
    }

    /**
     * Expiry, by the claim holder of the timer's core, after the timer left its slot.
     *
     * @param now the clock's time of this turn
     * @return a task to run on the pool (pushed on the expiring worker's deque), or null
     */
    protected abstract Runnable expire(long now);

    /**
     * {@return whether {@code shutdown()} removes this timer, under the pool's policies} Claim
     * holder of the timer's core, during the shutdown sweep.
     *
     * @param timers the pool's timers (policies)
     */
    protected boolean removedByShutdown(Timers timers) {
        return false;
    }

    /**
     * {@return whether an armed timer of this kind keeps a shut-down pool from terminating}
     * True for delayed tasks; false for sleeps and timeouts, whose async task keeps the pool
     * alive by itself while it waits, and which must not hold it once the task has ended.
     */
    protected boolean keepsPoolAlive() {
        return false;
    }

    /**
     * Called after a sweep (a {@code shutdown()} policy, or a shutdown that raced with the
     * timer's submission) moved the timer to CANCELLED; the subclass completes what waits on
     * it. Default: nothing.
     */
    protected void cancelledBySweep() {}

    /**
     * Cancels a QUEUED or ARMED timer for a shutdown, as a sweep would.
     *
     * @return whether this call cancelled it
     */
    final boolean cancelForShutdown() {
        if (cancelTimer(CANCELLED)) {
            cancelledBySweep();
            return true;
        }
        return false;
    }

    /** {@return the deadline, in the pool clock's nanoseconds} */
    public final long deadlineNanos() {
        return deadline;
    }

    /**
     * Cancels the timer if it has not fired: QUEUED or ARMED to {@code to}; an ARMED timer is
     * then removed from its wheel by its core's claim holder (a removal message). Any thread,
     * O(1): a CAS and, when armed, one push.
     *
     * @param to the state to move to (CANCELLED, or a subclass's)
     * @return whether this call moved the timer out of QUEUED or ARMED
     */
    protected final boolean cancelTimer(int to) {
        while (true) {
            final int s = lvState();
            if (s == QUEUED) {
                if (casState(QUEUED, to)) {
                    // the drain finds it cancelled and drops it
                    return true;
                }
            } else if (s == ARMED) {
                if (casState(ARMED, to)) {
                    owner.removeLater(this);
                    return true;
                }
            } else {
                return false;
            }
        }
    }

    /** {@return the state} A volatile load. */
    protected final int lvState() {
        return state;
    }

    /**
     * Volatile CAS of the state.
     *
     * @param expected the state expected
     * @param value the new state
     * @return whether it was {@code expected}
     */
    protected final boolean casState(int expected, int value) {
        return STATE.compareAndSet(this, expected, value);
    }

    /**
     * Release store of the state, by the one thread whose CAS owns the timer now (a state no
     * other thread may CAS out of); pairs with the volatile loads of {@link #lvState}.
     *
     * @param value the new state
     */
    protected final void soState(int value) {
        STATE.setRelease(this, value);
    }

    /**
     * Volatile store of the state, by the one thread whose CAS owns the timer now.
     *
     * @param value the new state
     */
    protected final void svState(int value) {
        STATE.setVolatile(this, value);
    }

    /** {@return whether the timer is in a slot or the due list} Claim holder only. */
    final boolean lpLinked() {
        return next != null;
    }
}
