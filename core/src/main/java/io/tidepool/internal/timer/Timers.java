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

import io.tidepool.internal.metrics.HistogramBuckets;
import io.tidepool.internal.metrics.TimerSample;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A pool's timers: one {@link TimerCore} per worker, the clock, and the shutdown policies.
 * Where a timer goes: to the wheel of the worker whose task sets it (no hand-over, no wake), or
 * from any other thread to a random worker's message stack, preferring a parked worker to a
 * running one. Work stealing moves the tasks of
 * fired timers (they go on the firing worker's deque), never the timers.
 *
 * <h2>Shutdown</h2>
 * As {@code ScheduledThreadPoolExecutor} by default: after {@code shutdown()} delayed tasks
 * still run and periodic tasks are cancelled; each is a builder option. {@code shutdown()}
 * sweeps every wheel under its claim and cancels what the policies remove; a timer whose
 * submission races with the sweep is checked again after its push (the push and the lifecycle
 * store are both volatile, so either the sweep sees the timer or the submitter sees the
 * shutdown). {@code shutdownNow()} closes every message stack and empties every wheel, handing
 * back the tasks that never ran. After {@code shutdown()} only the pool's own threads may set
 * timers (as for spawns), and only of a kind the policies keep.
 */
public final class Timers {
    /** The longest delay kept exactly; longer ones are cut to it (about 146 years). */
    static final long MAX_DELAY = Long.MAX_VALUE >>> 1;

    private final TimerCore[] cores;
    private final TimerClock clock;
    private final TimerHost host;
    private final boolean delayedAfterShutdown;
    private final boolean periodicAfterShutdown;

    /**
     * The timers of a pool.
     *
     * @param cores one per worker, by index
     * @param clock the timers' clock
     * @param host the pool
     * @param delayedAfterShutdown whether delayed tasks still run after {@code shutdown()}
     * @param periodicAfterShutdown whether periodic tasks go on after {@code shutdown()}
     */
    public Timers(TimerCore[] cores, TimerClock clock, TimerHost host,
            boolean delayedAfterShutdown, boolean periodicAfterShutdown) {
        this.cores = cores;
        this.clock = clock;
        this.host = host;
        this.delayedAfterShutdown = delayedAfterShutdown;
        this.periodicAfterShutdown = periodicAfterShutdown;
        // a virtual clock's workers wake only when the test moves the time: no horizon there,
        // so a timer from outside reaches its wheel at once, as a test reading the metrics expects
        final long horizon = clock.isVirtual() ? 0 : TimerCore.HORIZON_NANOS;
        for (TimerCore c : cores) {
            c.horizon(horizon);
        }
        clock.attach(this);
    }

    /** {@return the clock's time} */
    public long now() {
        return clock.nanoTime();
    }

    /** {@return the timers' clock} */
    public TimerClock clock() {
        return clock;
    }

    /**
     * {@return the deadline {@code delayNanos} from now} A negative delay is zero, a delay over
     * about 146 years is cut to it.
     *
     * @param delayNanos the delay
     */
    public long deadlineAfter(long delayNanos) {
        return now() + Math.min(Math.max(0, delayNanos), MAX_DELAY);
    }

    /** {@return whether delayed tasks still run after {@code shutdown()}} */
    public boolean delayedAfterShutdown() {
        return delayedAfterShutdown;
    }

    /** {@return whether periodic tasks go on after {@code shutdown()}} */
    public boolean periodicAfterShutdown() {
        return periodicAfterShutdown;
    }

    /**
     * Arms a new timer on the calling worker's wheel, or, from outside, on another's
     * ({@link #outsideTarget}).
     *
     * @param n the timer, QUEUED, its deadline set
     * @param kept whether the policies keep this kind of timer after {@code shutdown()}
     * @return false if the pool refuses it (the caller rejects it)
     */
    public boolean arm(TimerNode n, boolean kept) {
        if (host.isShutdown() && !(kept && host.insidePool())) {
            return false;
        }
        final TimerCore local = host.currentTimers();
        final TimerCore target = local != null ? local : outsideTarget();
        if (!target.submit(n, local == target)) {
            return false;
        }
        if (local == null) {
            helpFor(target, n.deadline);
        }
        recheckShutdown(n, kept);
        return true;
    }

    /**
     * After a timer from outside went to {@code target}: if that worker runs (both choices of
     * {@link #outsideTarget} did), the first parked worker met in index order is made sure to
     * be awake by the deadline plus the grace, to watch it ({@link TimerCore#wakeToHelp}).
     * Nothing when every worker runs: the first to park watches them.
     */
    private void helpFor(TimerCore target, long deadline) {
        if (!target.ownerRunning()) {
            return;
        }
        final long dueBy = deadline > Long.MAX_VALUE - TimerCore.HELP_GRACE_NANOS
                ? Long.MAX_VALUE : deadline + TimerCore.HELP_GRACE_NANOS;
        for (TimerCore c : cores) {
            if (c != target && c.wakeToHelp(dueBy)) {
                return;
            }
        }
    }

    /**
     * Schedules a delayed task.
     *
     * @param <V> the result type
     * @param task a {@code Runnable} or {@code Callable}
     * @param delayNanos the delay
     * @return the armed task, or null if the pool refused it
     */
    public <V> ScheduledTask<V> schedule(Object task, long delayNanos) {
        final ScheduledTask<V> t = new ScheduledTask<>(this, task, deadlineAfter(delayNanos));
        return arm(t, delayedAfterShutdown) ? t : null;
    }

    /**
     * Schedules a periodic task.
     *
     * @param task the task
     * @param initialDelayNanos the first delay
     * @param periodNanos positive: a fixed rate; negative: a fixed delay
     * @return the armed task, or null if the pool refused it
     */
    public PeriodicTask<Void> schedulePeriodic(Runnable task, long initialDelayNanos, long periodNanos) {
        final long p = periodNanos > 0 ? Math.min(periodNanos, MAX_DELAY) : Math.max(periodNanos, -MAX_DELAY);
        final PeriodicTask<Void> t = new PeriodicTask<>(this, task, deadlineAfter(initialDelayNanos), p);
        return arm(t, periodicAfterShutdown) ? t : null;
    }

    /**
     * An async sleep until {@code delayNanos} from now, armed by its first pending poll.
     *
     * @param delayNanos the delay
     * @return the sleep
     */
    public SleepTimer sleep(long delayNanos) {
        return new SleepTimer(this, deadlineAfter(delayNanos));
    }

    /**
     * Arms a timer that runs {@code action} on the pool after {@code delayNanos};
     * also after {@code shutdown()} (async tasks still run then), not once the pool stopped.
     *
     * @param action a short action, run as a task on the pool; what it throws is reported as a
     *     task's failure
     * @param delayNanos the delay
     * @return what disarms the timer, or null if the pool has stopped
     */
    public Runnable armAction(Runnable action, long delayNanos) {
        final ActionTimer t = new ActionTimer(deadlineAfter(delayNanos), action);
        final TimerCore local = host.currentTimers();
        final TimerCore target = local != null ? local : outsideTarget();
        return target.submit(t, local == target) ? t::disarm : null;
    }

    /**
     * {@return whether {@code task} is the pool's own work of a fired sleep or timeout, not a
     * task a user handed in} {@code shutdownNow()} leaves such tasks out of its list.
     *
     * @param task a task taken from a queue
     */
    public static boolean isInternal(Runnable task) {
        return task instanceof TimerNode && !(task instanceof ScheduledTask<?>);
    }

    /**
     * Arms a periodic timer again after its run; cancels it if the pool shut down and the
     * policies end it, or the pool stopped.
     *
     * @param n the timer, QUEUED, its next deadline set
     * @param kept whether the policies keep it after {@code shutdown()}
     */
    void rearm(TimerNode n, boolean kept) {
        if (host.isShutdown() && !kept) {
            n.cancelForShutdown();
            return;
        }
        final TimerCore local = host.currentTimers();
        final TimerCore target = local != null ? local : outsideTarget();
        if (!target.submit(n, local == target)) {
            n.cancelForShutdown();
            return;
        }
        recheckShutdown(n, kept);
    }

    /** After the push: a shutdown whose sweep ran before it may have missed the timer. */
    private void recheckShutdown(TimerNode n, boolean kept) {
        if (!kept && host.isShutdown()) {
            n.cancelForShutdown();
        }
    }

    /**
     * Where a timer from outside the pool goes: a random worker's timers, unless that worker is
     * running ({@link TimerCore#ownerRunning}) and a second one, drawn at random, is not. A
     * running worker takes its timer turns only between tasks and nobody wakes it for a new
     * timer, so in a long task it would hold the timer back, while a parked worker is woken for
     * it if it would sleep past the deadline. If both run, the first: a worker that parks later
     * watches them ({@code TimerTurns}).
     */
    private TimerCore outsideTarget() {
        final TimerCore[] cs = cores;
        final int n = cs.length;
        if (n == 1) {
            return cs[0];
        }
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final int i = random.nextInt(n);
        final TimerCore first = cs[i];
        if (!first.ownerRunning()) {
            return first;
        }
        final TimerCore second = cs[(i + 1 + random.nextInt(n - 1)) % n];
        return second.ownerRunning() ? first : second;
    }

    /**
     * Whether a fired task must be cancelled rather than run: the pool shut down and its
     * policies end the task (a delayed task past its deadline still runs, as in
     * {@code ScheduledThreadPoolExecutor}), or the pool stopped.
     *
     * @param t the task about to run
     * @return true to cancel it
     */
    boolean isShutdownFor(ScheduledTask<?> t) {
        if (!host.isShutdown()) {
            return false;
        }
        if (host.isStopped()) {
            return true;
        }
        return t.isPeriodic() ? !periodicAfterShutdown : !delayedAfterShutdown && t.deadline - now() > 0;
    }

    /** {@code shutdown()}: every wheel drops what the policies remove. */
    public void shutdown() {
        for (TimerCore c : cores) {
            c.sweepForShutdown(this);
        }
    }

    /**
     * {@code shutdownNow()}: closes every core and empties every wheel.
     *
     * @param unstarted receives the tasks of timers that never fired
     */
    public void stop(List<Runnable> unstarted) {
        for (TimerCore c : cores) {
            c.sweepForStop(unstarted);
        }
    }

    /** The pool terminates: no timer can arrive any more. */
    public void close() {
        for (TimerCore c : cores) {
            c.close();
        }
    }

    /** {@return whether some core may still have a timer} Any thread (see {@link TimerCore#anyPending}). */
    public boolean anyPending() {
        for (TimerCore c : cores) {
            if (c.anyPending()) {
                return true;
            }
        }
        return false;
    }

    /** {@return the timer figures summed over the workers; any thread, not an atomic cut} */
    public TimerSample sample() {
        long armed = 0;
        final long[] counts = new long[TimerCounts.SLOTS];
        for (TimerCore c : cores) {
            armed += c.lvArmed();
            for (int i = 0; i < counts.length; i++) {
                counts[i] += c.loCount(i);
            }
        }
        final long[] lateness = new long[HistogramBuckets.COUNT];
        System.arraycopy(counts, TimerCounts.LATENESS, lateness, 0, lateness.length);
        return new TimerSample(armed, counts[TimerCounts.ARMED_TOTAL], counts[TimerCounts.FIRED],
                counts[TimerCounts.CANCELLED], lateness);
    }

    /** Virtual time moved: wakes the workers parked until then. */
    void timeAdvanced(long now) {
        for (TimerCore c : cores) {
            c.timeAdvanced(now);
        }
    }
}
