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

import io.tidepool.internal.timer.TimerClock;
import io.tidepool.internal.timer.TimerCore;
import java.util.function.Consumer;

/**
 * A worker loop's timer turns: firing the due timers of the core it runs (their tasks go on
 * the core's deque), and, before a park, how long the worker may sleep. One per loop, used by
 * the thread running it; shared by the worker loop and pinned-core mode's reactor loop.
 */
public final class TimerTurns implements Consumer<Runnable> {
    /**
     * How late a timed park ends, at most, beyond its timeout when nothing else wakes the
     * thread: Linux's default timer slack for a thread (50 µs; {@code LockSupport.parkNanos}
     * asks for the timeout with that slack, and the kernel, free to end the sleep anywhere in
     * it, usually ends it at its end). A worker parks until this much before its next deadline,
     * and a park that ended before the deadline anyway is followed by a spin for the rest (at
     * most this long), not by another park that would end a slack late again. Measured with
     * TimerPrecision (10,000 timers/s, 1-50 ms): the park before a timer fired ended 69 µs
     * after its timeout at the median, 85 µs at p90, on a loaded 2-CPU machine. The cost: a
     * worker whose next deadline is this close spins instead of sleeping (about one timer in
     * five at 5,000 timers/s on a worker, 25 µs each on average). While it spins it is still
     * parked for the pool, but it reads its wake word at every step ({@link #SPIN}), so a
     * submitter's wake ends the spin as it would end the park.
     */
    static final long PARK_SLACK_NANOS = 50_000;
    /**
     * {@link #parkNanos}'s answer for the last stretch before a deadline: the caller spins one
     * step and asks again, looking at its own wake word in between, so a task submitted
     * meanwhile ends the spin at once instead of waiting for the timer.
     */
    static final long SPIN = -2;

    private final Pool pool;
    /** The timers' clock (the system's, or a test's virtual one). */
    private final TimerClock clock;
    /** The core whose deque receives the tasks of expired timers, and how many, for {@link #accept}. */
    private WorkerCore firing;
    private int fired;

    /**
     * The timer turns of one loop.
     *
     * @param pool the pool
     */
    public TimerTurns(Pool pool) {
        this.pool = pool;
        this.clock = pool.timers().clock();
    }

    /**
     * A timer turn when the core's timers may be due: the tasks of expired timers go on the
     * core's deque (thieves may take them). An opaque load and a volatile load when the core
     * has no timer.
     *
     * @param core the core the calling thread runs
     * @return how many tasks were pushed
     */
    public int fire(WorkerCore core) {
        final TimerCore timers = core.timers;
        final long next = timers.loNextDeadline();
        if (next == Long.MAX_VALUE && !timers.hasMessages()) {
            return 0;
        }
        final long now = clock.nanoTime();
        if (now < next && !timers.hasMessages()) {
            return 0;
        }
        firing = core;
        fired = 0;
        timers.fire(now, this);
        firing = null;
        return fired;
    }

    /** The task of an expired timer, during {@link #fire}: onto the core's deque. */
    @Override
    public void accept(Runnable task) {
        firing.deque.push(task);
        fired++;
    }

    /**
     * While parked: applies the timer messages and decides how long to sleep, publishing it in
     * the wake word (see {@code TimerCore}); the sleep also ends in time to fire the late timers
     * of a running worker ({@link #watch}).
     *
     * @param core the core the calling thread runs
     * @return 0 if a timer is due or the tasks of another worker's late timers are on this
     *     core's deque (the caller wakes itself to fire or run them), -1 to park without a
     *     timeout, {@link #SPIN} to spin one step and ask again, else the nanoseconds to park
     */
    long parkNanos(WorkerCore core) {
        final TimerCore timers = core.timers;
        final boolean virtual = clock.isVirtual();
        while (true) {
            final long now = clock.nanoTime();
            final long own = timers.hasMessages() ? timers.nextExpiry(now) : timers.loNextDeadline();
            if (own <= now) {
                return 0;
            }
            if (!virtual && own - now <= PARK_SLACK_NANOS) {
                // the last stretch, after a park that ended early: another park would end a
                // slack late; the caller spins a step, checks its wake word, and asks again
                // (the messages too) until the deadline
                return SPIN;
            }
            final long watched = watch(core, now);
            if (fired > 0) {
                return 0;
            }
            final long next = Math.min(own, watched);
            if (!timers.prepareToPark(next) || !mayParkBeside(core, next)) {
                // a timer arrived after the look: look again
                continue;
            }
            if (pool.lvLifecycle() == Lifecycle.SHUTDOWN) {
                // the messages may have removed the last timer a shutdown waited for
                pool.tryTerminate();
            }
            if (virtual) {
                // the test's advance() reads the wake word after moving the time: Dekker
                if (clock.nanoTime() >= next) {
                    timers.awake();
                    return 0;
                }
                return -1;
            }
            if (next == Long.MAX_VALUE) {
                return -1;
            }
            // a timed park ends up to a slack after its timeout: end it a slack early (the wake
            // word still says `next`, the time this worker is back by). A watched deadline may
            // lie within the slack (an own one there spins, above): park until it, not a
            // negative time, which would be a park without a timeout
            final long wait = next - now - PARK_SLACK_NANOS;
            return wait > 0 ? wait : next - now;
        }
    }

    /**
     * After the wake word's store: whether no running worker's stack holds a message due more
     * than the grace before this worker's sleep ends (a timer from outside pushed there while
     * this one chose its sleep); Dekker with {@link TimerCore#wakeToHelp}. If one does, the
     * wake word goes back to awake and the caller looks again (its watch applies the message).
     */
    private boolean mayParkBeside(WorkerCore self, long until) {
        // a message due by the limit is one this sleep would outlast by more than the grace
        final long limit = until == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : until - TimerCore.HELP_GRACE_NANOS;
        for (WorkerCore c : pool.cores()) {
            final TimerCore t = c.timers;
            if (t != self.timers && t.ownerRunning() && t.messagesDueBy(limit)) {
                self.timers.awake();
                return false;
            }
        }
        return true;
    }

    /**
     * The help a worker about to park gives the workers that are running: a running worker
     * takes its timer turns only between tasks, so a long task, or its thread preempted by the
     * OS, holds back timers that this worker, idle, could fire. For each other core whose worker
     * runs, a {@link TimerCore#helpTurn}: it applies that core's messages (so their deadlines
     * are known) and, if its earliest timer is {@link TimerCore#HELP_GRACE_NANOS} late, expires the due
     * timers onto this core's deque ({@link #fired} counts them). Returns when this worker must
     * look again: the earliest watched deadline plus the grace, and no later than a horizon
     * from now while any watched worker runs ({@code helpTurn}'s bound, so that a far timer
     * from outside, which goes to its submitter's core whatever that worker does, needs no
     * wake); Long.MAX_VALUE if none runs.
     *
     * <p>What it does not cover: a worker that starts running, or arms a timer from its task,
     * after this one parked; this one then looks only when it wakes for another reason. A near
     * timer from outside the pool goes to a parked worker when it can ({@code Timers}), so only
     * a task's own timers on a worker that stays busy wait for its next turn (at the latest
     * after the task, or after {@code FAIRNESS_INTERVAL} tasks). The cost: (n - 1) times three loads
     * per park, a CAS only for a running worker's messages or late timer, and, when a parked
     * worker watched a running one that then fired its timer itself, one wake for nothing.
     */
    private long watch(WorkerCore self, long now) {
        final WorkerCore[] cores = pool.cores();
        final long lateBy = now - TimerCore.HELP_GRACE_NANOS;
        long until = Long.MAX_VALUE;
        firing = self;
        fired = 0;
        for (WorkerCore c : cores) {
            final TimerCore t = c.timers;
            if (t == self.timers) {
                continue;
            }
            final long next = t.helpTurn(now, lateBy, this);
            if (next != Long.MAX_VALUE) {
                // saturating: a deadline may lie up to about 146 years out
                until = Math.min(until, next > Long.MAX_VALUE - TimerCore.HELP_GRACE_NANOS
                        ? Long.MAX_VALUE : next + TimerCore.HELP_GRACE_NANOS);
            }
        }
        firing = null;
        return until;
    }
}
