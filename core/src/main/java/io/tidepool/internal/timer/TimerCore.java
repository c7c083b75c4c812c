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

import io.tidepool.Unpark;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One worker's timers: its {@link TimerWheel}, the message stack through which other threads
 * hand it timers and cancellations, the claim that makes one thread at a time the wheel's
 * user, and the wake word through which a submitter learns whether the worker's park would
 * sleep past a new deadline.
 *
 * <h2>Messages</h2>
 * Any thread pushes a timer (QUEUED, to be armed) or a cancelled armed timer (to be removed)
 * on a Treiber stack, one CAS, intrusive (the timer's {@code stackNext}), so a message
 * allocates nothing. The claim holder takes the whole stack with one CAS, restores submission
 * order and applies it. A timer is on the stack at most once at a time: a removal is pushed
 * only after the drain took it off and armed it. {@link #CLOSED} ends the stack for good
 * ({@code shutdownNow}, termination): a push then fails.
 *
 * <h2>Claim</h2>
 * The worker claims its core for each timer turn (between tasks, never across one), and so
 * do a {@code shutdown()} or {@code shutdownNow()} sweep and a parked worker's help turn; a
 * CAS takes it, a volatile store gives it back, so the wheel's plain fields pass from holder
 * to holder with a happens-before edge. A thread stuck in a task never holds a claim, so the
 * stuck-worker detector's successor core can share the timers.
 *
 * <h2>Wake word (worker mode)</h2>
 * {@link #AWAKE} while the worker runs; before it parks it stores the time it will sleep until
 * (volatile), then looks at the stack once more. A submitter pushes (a volatile CAS), then loads
 * the word: if the worker would sleep past the new deadline it CASes the word to AWAKE and
 * unparks it (one unpark per sleep, however many submitters). Volatile accesses are totally
 * ordered: either the worker's look sees the message, or the submitter's load sees the stored
 * time. The look reads the deadlines of up to {@value #PEEK} messages and takes another turn
 * only if one of them is earlier than the sleep's end (or there are more): a message due after
 * the worker wakes anyway waits on the stack until then.
 *
 * <h2>Horizon and help</h2>
 * Far timers wake nobody ({@link #horizon}), and a parked worker takes turns on the cores of
 * running workers ({@link #helpTurn}): see the package overview. A reactor's core never sleeps
 * past a turn of its idle strategy; its word stays AWAKE.
 */
public final class TimerCore extends TimerCoreWords implements Consumer<TimerNode> {
    /** One push in this many wakes a sleeping worker to drain its stack. */
    static final int BACKLOG_SAMPLE = 1024;
    /** Messages whose deadlines the look before a park reads; more take another turn. */
    static final int PEEK = 32;
    /**
     * The default {@link #horizon}: 2^25 ns, about 34 ms, well below a request timeout and long
     * enough that the wake at the end of a sleep costs nothing measurable (about 30 a second).
     */
    public static final long HORIZON_NANOS = 1L << 25;
    /**
     * How late a running worker's timer may be before a parked one fires it ({@link #helpTurn}):
     * above an owner's own lateness (about 100 µs at p99, idle machine), well within 1 ms.
     */
    public static final long HELP_GRACE_NANOS = 250_000;
    /** Ends a closed stack. */
    static final TimerNode CLOSED = new TimerWheel.Slot(-2);
    /** {@link #submitFromOutside}: the core is closed. */
    public static final int REFUSED = 0;
    /** {@link #submitFromOutside}: on the stack of a parked worker, which is awake by the deadline. */
    public static final int ACCEPTED = 1;
    /** {@link #submitFromOutside}: on the stack of a worker that is awake, maybe in a long task. */
    public static final int ACCEPTED_RUNNING = 2;

    private static final VarHandle ARMED;
    private static final VarHandle NEXT_DEADLINE;

    static {
        try {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            ARMED = l.findVarHandle(TimerCore.class, "armed", int.class);
            NEXT_DEADLINE = l.findVarHandle(TimerCore.class, "nextDeadline", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TimerWheel wheel;
    private final Unpark unpark;
    /** Whether the owner parks with the wake-word protocol (worker mode). */
    private final boolean parks;
    /**
     * How long after a turn that applied messages the worker sleeps at most (0: no bound; a
     * virtual clock's pool, whose workers wake only when the test moves the time). Set before
     * the worker starts ({@link #horizon(long)}), read by the worker's turns.
     */
    private long horizon;
    /** One push in this many wakes a sleeping worker ({@value #BACKLOG_SAMPLE}; 0: none, tests). */
    private int backlogSample = BACKLOG_SAMPLE;
    /**
     * Set by {@code shutdown()}'s sweep: from then on a cancellation wakes the worker at once,
     * so a pool waiting for its last timers terminates when they are cancelled.
     */
    private volatile boolean eager;
    /** Timers in the wheel, published by the claim holder after each turn (release store). */
    private volatile int armed;
    /**
     * Of those, the delayed tasks (which keep a shut-down pool alive), published likewise;
     * {@link #tasks} is the claim holder's own count.
     */
    private volatile int armedTasks;
    private int tasks;
    /** The next expiry in clock nanoseconds, Long.MAX_VALUE if none; claim holders write it (opaque). */
    private long nextDeadline = Long.MAX_VALUE;
    /** Counters and the lateness histogram, written by claim holders. */
    private final TimerCounts counts = new TimerCounts();
    // ---- claim holder, during a turn ----
    private Consumer<Runnable> sink;
    private long turnNow;

    /**
     * Timers of one worker.
     *
     * @param origin the clock's nanoseconds at the wheel's tick 0
     * @param unpark wakes the worker
     * @param parks whether the worker parks with the wake-word protocol (false: a reactor,
     *     which polls its timers every turn)
     */
    public TimerCore(long origin, Unpark unpark, boolean parks) {
        this.wheel = new TimerWheel(origin);
        this.unpark = unpark;
        this.parks = parks;
    }

    /**
     * Sets the {@link #horizon}; before the worker thread starts (its start publishes it).
     *
     * @param nanos the longest sleep after a turn that applied messages, 0 for none
     */
    void horizon(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("must be >= 0: nanos=" + nanos);
        }
        horizon = nanos;
    }

    /**
     * Sets how many pushes, one of which at random wakes a sleeping worker, 0 for none; before
     * the worker starts. Tests turn the random wake off to count the others exactly.
     */
    void backlogSample(int every) {
        if (every < 0) {
            throw new IllegalArgumentException("must be >= 0: every=" + every);
        }
        backlogSample = every;
    }

    // ------------------------------------------------------------------ any thread

    /**
     * Hands a QUEUED timer to this core; any thread.
     *
     * @param n the timer
     * @param onOwner whether the caller runs a task of this core's worker (which takes a
     *     timer turn before it parks, so it needs no wake)
     * @return false if the core is closed (the timer stays QUEUED; the caller cancels it)
     */
    public boolean submit(TimerNode n, boolean onOwner) {
        if (onOwner) {
            n.owner = this;
            return push(n) != CLOSED;
        }
        return submitFromOutside(n) != REFUSED;
    }

    /**
     * Hands a QUEUED timer to this core from a thread that runs none of its worker's tasks:
     * pushes it, then reads the wake word once (after the push: the Dekker pair of
     * {@link #prepareToPark}) and wakes the worker if it would sleep past the deadline.
     *
     * @param n the timer
     * @return {@link #REFUSED} if the core is closed (the timer stays QUEUED; the caller cancels
     *     it), {@link #ACCEPTED_RUNNING} if the word said the worker is awake (it applies the
     *     timer at its next turn, between tasks: a parked worker should watch it), else
     *     {@link #ACCEPTED}
     */
    public int submitFromOutside(TimerNode n) {
        n.owner = this;
        final TimerNode before = push(n);
        if (before == CLOSED) {
            return REFUSED;
        }
        if (parks) {
            return wakeFor(n.deadline, eager) ? ACCEPTED_RUNNING : ACCEPTED;
        }
        if (before == null) {
            // a reactor polls its stack every turn; only one asleep for shutdown in the
            // pool's idle set needs this (the first message since its last turn)
            unpark.unpark();
        }
        return ACCEPTED;
    }

    /** A cancelled ARMED timer: the claim holder removes it from the wheel on its next turn. */
    void removeLater(TimerNode n) {
        if (push(n) != CLOSED) {
            wakeFor(Long.MAX_VALUE, eager);
        }
    }

    /** Pushes a message; returns the head it replaced (null: the stack was empty), or CLOSED. */
    private TimerNode push(TimerNode n) {
        while (true) {
            final TimerNode h = lvHead();
            if (h == CLOSED) {
                return CLOSED;
            }
            n.stackNext = h;
            if (casHead(h, n)) {
                return h;
            }
        }
    }

    /**
     * After a push (a volatile CAS): wakes a worker that would sleep past {@code deadline}.
     * Returns whether the worker is awake now (running, or woken by this call or another), as
     * {@link #ownerRunning} would say after the call; false for a reactor.
     */
    private boolean wakeFor(long deadline, boolean always) {
        if (!parks) {
            return false;
        }
        final long w = lvWakeAt();
        if (w == AWAKE) {
            return true;
        }
        final int sample = backlogSample;
        if (always || deadline < w || sample > 0 && ThreadLocalRandom.current().nextInt(sample) == 0) {
            if (casWakeAt(w, AWAKE)) {
                unpark.unpark();
                return true;
            }
            // woken by another thread, or parked again (after a look that saw the push)
            return lvWakeAt() == AWAKE;
        }
        return false;
    }

    /** Virtual time moved to {@code now}: wakes a worker parked until then or earlier. */
    public void timeAdvanced(long now) {
        final long w = lvWakeAt();
        if (w != AWAKE && w <= now && casWakeAt(w, AWAKE)) {
            unpark.unpark();
        }
    }

    /**
     * Whether the core may have timers that keep a shut-down pool alive: messages, armed delayed
     * tasks, or a turn in progress. Read in this order (stack, claim, count): a turn takes the
     * stack after its claim and publishes the count before it gives the claim back. Any thread.
     *
     * @return false only if the core had no timer at some moment during the call
     */
    public boolean anyPending() {
        final TimerNode h = lvHead();
        return h != null && h != CLOSED || lvClaim() != 0 || armedTasks > 0;
    }

    /**
     * {@return whether the core holds any timer (of any kind) or message, as its last turn
     * left it} For its own worker (a reactor deciding whether it may sleep for shutdown).
     */
    public boolean holdsTimers() {
        return hasMessages() || loNextDeadline() != Long.MAX_VALUE;
    }

    /** {@return whether messages wait on the stack} Any thread. */
    public boolean hasMessages() {
        final TimerNode h = lvHead();
        return h != null && h != CLOSED;
    }

    /** The published next expiry, volatile load: the re-check of {@link #prepareToPark}. */
    private long lvNextDeadline() {
        return (long) NEXT_DEADLINE.getVolatile(this);
    }

    /** {@return the next expiry in clock nanoseconds, Long.MAX_VALUE if none} Opaque load. */
    public long loNextDeadline() {
        return (long) NEXT_DEADLINE.getOpaque(this);
    }

    /** {@return timers in the wheel, as last published} */
    public int lvArmed() {
        return armed;
    }

    /** {@return the counter in slot {@code index} of {@link TimerCounts}} Opaque load, any thread. */
    public long loCount(int index) {
        return counts.lo(index);
    }

    // ------------------------------------------------------------------ owner

    /**
     * A timer turn: applies the messages, expires every timer due at {@code now} (the tasks to
     * run go to {@code fired}), and returns the next expiry. The worker, between tasks.
     *
     * @param now the clock's time
     * @param fired receives the tasks of expired timers
     * @return the next expiry in clock nanoseconds (Long.MAX_VALUE if none), or {@code now} plus
     *     a tick if another thread held the claim
     */
    public long fire(long now, Consumer<Runnable> fired) {
        if (!tryClaim()) {
            return now + TimerWheel.TICK_NANOS;
        }
        try {
            drain();
            sink = fired;
            turnNow = now;
            wheel.advance(now, this);
            sink = null;
            return publish();
        } finally {
            release();
        }
    }

    /**
     * Applies the messages without expiring anything and returns when the parking worker
     * (which fires only once awake) should wake: its next expiry, or, if the messages were
     * timer traffic, at most {@link #horizon} from {@code now}.
     *
     * @param now the clock's time
     * @return the end of the sleep in clock nanoseconds (Long.MAX_VALUE if none), or
     *     {@code now} if another thread held the claim (the caller should not sleep long)
     */
    public long nextExpiry(long now) {
        if (!tryClaim()) {
            return now;
        }
        final boolean traffic;
        final long next;
        try {
            traffic = drain();
            next = publish();
        } finally {
            release();
        }
        final long h = horizon;
        // next and now are the clock's values, compared as wakeFor compares them
        return traffic && h > 0 && next > now + h ? now + h : next;
    }

    /**
     * The worker is about to park until {@code until} (clock nanoseconds, Long.MAX_VALUE for no
     * timeout): stores it in the wake word, then looks at the stack again.
     *
     * @param until the end of the sleep
     * @return false if a message arrived meanwhile that the sleep would outlast (or too many
     *     to read, or any after {@code shutdown()}): the caller takes another turn, not the park
     */
    public boolean prepareToPark(long until) {
        svWakeAt(until);
        // volatile loads after the volatile store: a submitter pushes and then reads the word,
        // a shutdown sweep publishes an earlier deadline, fences and then reads the word;
        // either they see this sleep, or this look sees their message or deadline
        if (needsTurnBefore(until) || lvNextDeadline() < until) {
            svWakeAt(AWAKE);
            return false;
        }
        return true;
    }

    /**
     * Whether the stack holds a message that a sleep until {@code until} would outlast: reads
     * the deadlines of the first {@value #PEEK} messages without taking them.
     */
    private boolean needsTurnBefore(long until) {
        TimerNode n = lvHead();
        if (n == null || n == CLOSED) {
            return false;
        }
        if (eager) {
            return true;
        }
        for (int i = 0; i < PEEK; i++) {
            // plain reads: each message's deadline and link were written before the CAS that
            // pushed it, which the volatile load of the head above reads or follows. Only a
            // shutdown sweep may take the stack meanwhile (and relink it); whatever this walk
            // then misses, the sweep applies, and wakes the worker for it itself
            if (n.deadline < until) {
                return true;
            }
            n = n.stackNext;
            if (n == null) {
                return false;
            }
        }
        return true;
    }

    /** The worker is running again: submitters need not wake it. */
    public void awake() {
        svWakeAt(AWAKE);
    }

    /** Expiry callback of the wheel, during {@link #fire}. */
    @Override
    public void accept(TimerNode n) {
        // out of the wheel, fired or not
        untrack(n);
        if (!n.casState(TimerNode.ARMED, TimerNode.FIRED)) {
            // cancelled while armed: its removal message, still to come, counts it
            return;
        }
        final long late = turnNow - n.deadline;
        counts.fired(late);
        final Runnable task = n.expire(turnNow);
        if (task != null) {
            sink.accept(task);
        }
    }

    /**
     * Takes the stack and applies it; returns whether it held any message. One pass drops the
     * timers cancelled while they travelled (the common case under timeout churn: one volatile
     * load each, no CAS) and turns the rest back into submission order; a second applies them.
     */
    private boolean drain() {
        TimerNode h;
        do {
            h = lvHead();
            if (h == null || h == CLOSED) {
                return false;
            }
        } while (!casHead(h, null));
        TimerNode list = null;
        long dropped = 0;
        while (h != null) {
            final TimerNode after = h.stackNext;
            if (h.lpLinked() || h.lvState() == TimerNode.QUEUED) {
                // LIFO to submission order
                h.stackNext = list;
                list = h;
            } else {
                // cancelled while queued, or a removal of a timer whose slot expired meanwhile;
                // unlinked, so a future the user keeps holds no chain of dead timers
                h.stackNext = null;
                dropped++;
            }
            h = after;
        }
        if (dropped > 0) {
            counts.bump(TimerCounts.CANCELLED, dropped);
        }
        while (list != null) {
            final TimerNode n = list;
            list = n.stackNext;
            n.stackNext = null;
            apply(n);
        }
        return true;
    }

    /** One message: arm a QUEUED timer, or remove (or drop) a cancelled one. */
    private void apply(TimerNode n) {
        if (n.lpLinked()) {
            // a removal: the timer left ARMED (cancelled) since it was armed
            wheel.remove(n);
            untrack(n);
            counts.bump(TimerCounts.CANCELLED);
        } else if (n.casState(TimerNode.QUEUED, TimerNode.ARMED)) {
            wheel.insert(n);
            if (n.keepsPoolAlive()) {
                tasks++;
            }
            counts.bump(TimerCounts.ARMED_TOTAL);
        } else {
            // cancelled since the first pass looked
            counts.bump(TimerCounts.CANCELLED);
        }
    }

    /**
     * Publishes the next expiry and the counts; stores only what changed, so a turn that
     * dropped cancelled timers writes nothing to the line the submitters' pushes use.
     */
    private long publish() {
        final long next = wheel.nextDeadline();
        // plain read of nextDeadline: claim holders are its only writers
        if (next != nextDeadline) {
            NEXT_DEADLINE.setOpaque(this, next);
        }
        final int count = wheel.count();
        if (count != armed) {
            // release: pairs with the volatile load of anyPending(), after which a terminating
            // pool must see every timer this turn kept
            ARMED.setRelease(this, count);
        }
        if (tasks != armedTasks) {
            armedTasks = tasks;
        }
        return next;
    }

    /** A timer left the wheel. */
    private void untrack(TimerNode n) {
        if (n.keepsPoolAlive()) {
            tasks--;
        }
    }

    // ------------------------------------------------------------------ help

    /**
     * {@return whether this core's worker runs (wake word awake), taking timer turns only
     * between tasks} Never a reactor (it polls every loop turn). Any thread; a volatile load.
     */
    public boolean ownerRunning() {
        return parks && lvWakeAt() == AWAKE;
    }

    /**
     * A turn by another worker about to park, while this core's worker runs: applies the
     * messages (publishing their deadlines) and, if the earliest timer was due by {@code lateBy},
     * expires every timer due at {@code now} into {@code fired} (the helper's deque). Nothing if
     * the worker is parked or holds the claim; no CAS if no message waits and nothing is late.
     * As after a shutdown sweep, a deadline published earlier than the one the worker chose its
     * sleep from wakes it: a full fence, then the wake word (Dekker with {@link #prepareToPark}).
     *
     * <p>The helper looks again a {@link #horizon} after {@code now} at the latest while this
     * worker runs, even if it has no timer: a timer from outside due beyond the horizon, pushed
     * here after the helper parked, then needs no wake, since the helper is back before its
     * deadline ({@code Timers}, "far timers"). Without a horizon (a virtual clock), no bound.
     *
     * @param now the clock's time
     * @param lateBy expire only if the earliest deadline is this time or earlier
     * @param fired receives the tasks of expired timers
     * @return when the helper should look again: the next expiry after the turn, or {@code now}
     *     plus the horizon if that is earlier; Long.MAX_VALUE if the worker is parked
     */
    public long helpTurn(long now, long lateBy, Consumer<Runnable> fired) {
        if (!ownerRunning()) {
            return Long.MAX_VALUE;
        }
        final long h = horizon;
        // clock values, compared as wakeFor compares them; no bound without a horizon
        final long lookBy = h > 0 ? now + h : Long.MAX_VALUE;
        if (!hasMessages()) {
            final long next = loNextDeadline();
            if (next > lateBy) {
                return Math.min(next, lookBy);
            }
        }
        if (!tryClaim()) {
            // the worker's own turn (or a sweep, or another helper) applies the stack now
            return lookBy;
        }
        final long next;
        try {
            drain();
            if (wheel.nextDeadline() <= lateBy) {
                sink = fired;
                turnNow = now;
                wheel.advance(now, this);
                sink = null;
            }
            next = publish();
        } finally {
            release();
        }
        VarHandle.fullFence();
        wakeFor(next, false);
        return Math.min(next, lookBy);
    }

    /**
     * After a timer from outside was pushed to a running worker's stack: wakes this core's
     * worker if it is parked and would sleep past {@code dueBy}, to park again watching the
     * running one. Dekker with the look after the wake word's store ({@link #messagesDueBy}).
     *
     * @param dueBy the timer's deadline plus {@link #HELP_GRACE_NANOS}
     * @return false if this core's worker runs (it looks at the others when it parks), true if
     *     it is parked and will be awake by {@code dueBy}
     */
    public boolean wakeToHelp(long dueBy) {
        final long w = lvWakeAt();
        if (!parks || w == AWAKE) {
            return false;
        }
        if (dueBy < w && casWakeAt(w, AWAKE)) {
            unpark.unpark();
        }
        return true;
    }

    /**
     * Whether this core's stack holds a message due by {@code limit} (or more than the look
     * reads), for a worker choosing its sleep beside this running one; any thread. The walk of
     * the look before a park: a drain meanwhile may make it answer wrong once, but then the
     * timers are in the wheel, whose published deadline the helper's next turn reads.
     *
     * @param limit the latest deadline that answers true, below Long.MAX_VALUE
     * @return whether a message is due by then
     */
    public boolean messagesDueBy(long limit) {
        return needsTurnBefore(limit + 1);
    }

    // ------------------------------------------------------------------ sweeps

    /**
     * {@code shutdown()}: under the claim (spinning for it: a worker holds it only between
     * tasks, briefly), applies the messages and cancels the timers the pool's policies remove.
     *
     * @param timers the pool's timers
     */
    void sweepForShutdown(Timers timers) {
        eager = true;
        final long next;
        claimSpinning();
        try {
            drain();
            wheel.forEach(n -> {
                if (n.removedByShutdown(timers) && n.casState(TimerNode.ARMED, TimerNode.CANCELLED)) {
                    wheel.remove(n);
                    untrack(n);
                    counts.bump(TimerCounts.CANCELLED);
                    n.cancelledBySweep();
                }
            });
            next = publish();
        } finally {
            release();
        }
        // the drain may have armed a timer (one kept by the policies) for a worker that chose
        // its sleep from the deadline published before: Dekker with prepareToPark
        VarHandle.fullFence();
        wakeFor(next, false);
    }

    /**
     * {@code shutdownNow()}: closes the stack and empties the wheel; the tasks of timers that
     * never fired go to {@code unstarted}.
     *
     * @param unstarted receives the tasks removed
     */
    void sweepForStop(List<Runnable> unstarted) {
        TimerNode h = closeStack();
        claimSpinning();
        try {
            while (h != null && h != CLOSED) {
                final TimerNode n = h;
                h = n.stackNext;
                n.stackNext = null;
                if (!n.lpLinked() && n.casState(TimerNode.QUEUED, TimerNode.REMOVED)
                        && n instanceof Runnable r) {
                    unstarted.add(r);
                }
            }
            wheel.forEach(n -> {
                wheel.remove(n);
                untrack(n);
                if (n.casState(TimerNode.ARMED, TimerNode.REMOVED) && n instanceof Runnable r) {
                    unstarted.add(r);
                }
            });
            publish();
        } finally {
            release();
        }
    }

    /** Termination: no timer can arrive any more. */
    void close() {
        closeStack();
    }
}
