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
 * from any other thread to a worker's message stack: a near one to a random worker, preferring
 * a parked one to a running one, a far one (due beyond the horizon) to the calling thread's own
 * worker. Work stealing moves the tasks of fired timers (they go on the firing worker's deque),
 * never the timers.
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

    /** Fibonacci hashing's multiplier, 2^32 over the golden ratio: {@link #stickyIndex}. */
    private static final int GOLDEN = 0x9E37_79B9;

    private final TimerCore[] cores;
    /**
     * A timer from outside due more than this after it is set is far ({@link #submitFromOutside}):
     * the horizon, or never on a virtual clock (no horizon there).
     */
    private final long farNanos;
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
        this.farNanos = horizon > 0 ? horizon : Long.MAX_VALUE;
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
     * ({@link #submitFromOutside}).
     *
     * @param n the timer, QUEUED, its deadline set
     * @param kept whether the policies keep this kind of timer after {@code shutdown()}
     * @return false if the pool refuses it (the caller rejects it)
     */
    public boolean arm(TimerNode n, boolean kept) {
        // its delay unknown here (an async sleep, armed by its first poll): near, if from outside
        return arm(n, kept, 0);
    }

    /** {@link #arm(TimerNode, boolean)} of a timer set {@code delayNanos} before its deadline. */
    private boolean arm(TimerNode n, boolean kept, long delayNanos) {
        if (host.isShutdown() && !(kept && host.insidePool())) {
            return false;
        }
        final TimerCore local = host.currentTimers();
        if (!(local != null ? local.submit(n, true) : submitFromOutside(n, delayNanos))) {
            return false;
        }
        recheckShutdown(n, kept);
        return true;
    }

    /**
     * A timer from a thread that runs no task of this pool's workers. A near one (due within
     * {@link #farNanos}) goes where it will fire on time, a parked worker if one of two random
     * choices is ({@link #parkedChoice}). A far one goes to the calling thread's own core
     * ({@link #stickyIndex}), whatever its worker does: whether a worker runs now says nothing
     * of what it does at a deadline a horizon away, and the choice (a random draw, one or two
     * wake words read before the push) was most of what the help added to a schedule-then-cancel
     * churn (see the package overview). Either way, if the worker it went to is awake,
     * {@link #helpFor}.
     *
     * @param n the timer, QUEUED, its deadline set
     * @param delayNanos its deadline minus the time it was set
     * @return false if the core was closed
     */
    private boolean submitFromOutside(TimerNode n, long delayNanos) {
        return deliver(delayNanos > farNanos ? stickyCore() : parkedChoice(), n);
    }

    /**
     * Pushes a timer from outside to {@code target} and, if its worker is awake, calls
     * {@link #helpFor}. Package-private for the stress tests.
     *
     * @return false if the core was closed
     */
    boolean deliver(TimerCore target, TimerNode n) {
        final int outcome = target.submitFromOutside(n);
        if (outcome == TimerCore.ACCEPTED_RUNNING) {
            helpFor(target, n.deadline);
        }
        return outcome != TimerCore.REFUSED;
    }

    /**
     * After a timer from outside went to {@code target}, whose worker is awake (its wake word,
     * read after the push, said so): the first parked worker met in index order is made sure to
     * be awake by the deadline plus the grace, to watch it ({@link TimerCore#wakeToHelp}).
     * Nothing when every worker runs: the first to park watches them. A far timer seldom costs
     * a wake here: a worker that parked beside a running one looks again within a horizon
     * ({@link TimerCore#helpTurn}), before the far deadline.
     */
    private void helpFor(TimerCore target, long deadline) {
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
        return arm(t, delayedAfterShutdown, delayNanos) ? t : null;
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
        return arm(t, periodicAfterShutdown, initialDelayNanos) ? t : null;
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
        return (local != null ? local.submit(t, true) : submitFromOutside(t, delayNanos)) ? t::disarm : null;
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
        // from outside (seldom: a periodic task runs on a worker) as a near timer
        if (!(local != null ? local.submit(n, true) : submitFromOutside(n, 0))) {
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
     * Where a near timer from outside the pool goes: a random worker's timers, unless that
     * worker is running ({@link TimerCore#ownerRunning}) and a second one, drawn at random, is
     * not. A running worker takes its timer turns only between tasks and nobody wakes it for a
     * new timer, so in a long task it would hold the timer back, while a parked worker is woken
     * for it if it would sleep past the deadline. If both run, the first: a worker that parks
     * later watches them ({@code TimerTurns}).
     */
    private TimerCore parkedChoice() {
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
     * Where a far timer from outside the pool goes: the calling thread's core
     * ({@link #stickyIndex} of its id), the same for every timer the thread sets: no random
     * draw, and no wake word read before the push (the push reads one after it, as every push
     * does).
     */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is not in Java 17
    private TimerCore stickyCore() {
        final TimerCore[] cs = cores;
        final int n = cs.length;
        return n == 1 ? cs[0] : cs[stickyIndex((int) Thread.currentThread().getId(), n)];
    }

    /**
     * The core of a thread with id {@code id} among {@code n}: a Fibonacci hash of the id (the id
     * times 2^32 over the golden ratio) scaled to [0, n) by a multiply and a shift (Lemire), as
     * the pool picks an outside thread's inbox. Thread ids come in sequence and the multiples
     * of the golden ratio spread over [0, 1) as evenly as any sequence can, so threads started
     * together spread over the cores.
     *
     * @param id the thread's id (its low 32 bits)
     * @param n the number of cores, {@code >= 1}
     * @return the index, {@code 0 <= index < n}
     */
    static int stickyIndex(int id, int n) {
        final long hash = (id * GOLDEN) & 0xFFFF_FFFFL;
        return (int) ((hash * n) >>> 32);
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
