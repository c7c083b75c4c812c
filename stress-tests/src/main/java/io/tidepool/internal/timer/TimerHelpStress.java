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

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The races of the help a parked worker gives a running one ({@link TimerCore#helpTurn},
 * {@link TimerCore#wakeToHelp}, {@link TimerCore#messagesDueBy}; the worker's side as in
 * {@code TimerTurns.parkNanos}): no missed deadline when a helper's turn publishes a deadline
 * against the owner choosing its sleep, or when a timer from outside, near or far, goes to a
 * running worker while the helper chooses its sleep.
 */
public final class TimerHelpStress {
    private TimerHelpStress() {}

    /** A timer due at 10. */
    static ScheduledTask<Void> dueAt10(Timers timers) {
        return new ScheduledTask<>(timers, (Runnable) () -> { }, 10);
    }

    /**
     * A helper's turn on a running worker's core, which applies a timer the worker's own task
     * set (on the stack, no wake owed) and publishes its deadline, against that worker deciding
     * how long to park from the deadline published before (TimerTurns.parkNanos without the
     * claim when no message is left): either the worker sees the deadline, or the helper sees
     * the sleep and wakes it. r1 = 1 if the worker will not sleep past 10 on its own, r2 = 1 if
     * the helper unparked it.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "missed deadline: the owner sleeps past its timer, the helper left it to it")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the owner saw the deadline (or the claim)")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the helper saw the sleep and woke the owner")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both: a redundant unpark")
    @State
    public static class HelpTurnVsOwnerPark extends OwnerWithOwnTimer {
        @Actor
        public void owner(II_Result r) {
            ownerParks(r);
        }

        @Actor
        public void helper() {
            // at time 0 nothing is late: the turn only applies the message
            core.helpTurn(0, Long.MIN_VALUE, t -> { });
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = unparks.get() > 0 ? 1 : 0;
        }
    }

    /** A running worker whose task set a timer due at 10 (on the stack, no wake owed). */
    static class OwnerWithOwnTimer {
        final AtomicInteger unparks = new AtomicInteger();
        final TimerCore core = new TimerCore(0, unparks::incrementAndGet, true);
        final Timers timers = new Timers(new TimerCore[] {core}, new VirtualTime(),
                new TimerStress.Host(), true, false);

        OwnerWithOwnTimer() {
            core.submit(dueAt10(timers), true);
        }

        /** The owner chooses its sleep; r1 = 1 if it will not sleep past 10 on its own. */
        void ownerParks(II_Result r) {
            final long next = core.hasMessages() ? core.nextExpiry(0) : core.loNextDeadline();
            final boolean parks = core.prepareToPark(next);
            r.r1 = !parks || next <= 10 ? 1 : 0;
        }
    }

    /**
     * A timer from outside pushed to a running worker's core {@code a} (its owner will not look
     * at it before its task ends), after which the submitter makes sure parked worker {@code b}
     * is awake by the deadline plus the grace ({@code Timers.helpFor}), against {@code b}
     * parking without a timeout (no timers of its own): after storing its wake word, {@code b}
     * looks at the running workers' stacks ({@code TimerTurns.mayParkBeside}). r1 = 1 if b will
     * not sleep past the deadline plus the grace on its own, r2 = 1 if the submitter unparked it.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "missed deadline: the helper sleeps forever beside a running worker's timer")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the helper's look saw the timer")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the submitter saw the sleep and woke the helper")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both: a redundant unpark")
    @State
    public static class SubmitToRunningVsHelperPark extends RunningAndParking {
        @Actor
        public void helper(II_Result r) {
            helperParks(r);
        }

        @Actor
        public void submitter() {
            // the push, a's word read after it, then b's word (Timers.deliver and helpFor)
            timers.deliver(a, task);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = unparksB.get() > 0 ? 1 : 0;
        }
    }

    /**
     * A far timer from outside (due two horizons out) delivered to running worker {@code a}
     * ({@code Timers.deliver}: the push, then {@code helpFor} if a's word says awake), against
     * parked-to-be worker {@code b} choosing its sleep as {@code TimerTurns.parkNanos} does: a
     * help turn on a (which, a running, returns at most a horizon), the wake word, the look at
     * a's stack. Either b will be awake by the deadline plus the grace, or the submitter woke it;
     * the horizon bound means the wake is never needed. r1 = 1 if b will not sleep past the
     * deadline plus the grace on its own, r2 = 1 if the submitter unparked it.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "missed deadline: b sleeps past a running worker's far timer, nobody woke it")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "b is back within a horizon, before the far deadline")
    @Outcome(id = {"0, 1", "1, 1"}, expect = ACCEPTABLE_INTERESTING,
            desc = "a wake the helper's horizon bound should have made needless")
    @State
    public static class FarTimerToRunningVsBoundedHelper extends RunningAndParking {
        static final long HORIZON = 10_000_000;
        final ScheduledTask<Void> far = new ScheduledTask<>(timers, (Runnable) () -> { }, 2 * HORIZON);

        public FarTimerToRunningVsBoundedHelper() {
            a.horizon(HORIZON);
            b.horizon(HORIZON);
        }

        @Actor
        public void helper(II_Result r) {
            final long look = a.helpTurn(0, -TimerCore.HELP_GRACE_NANOS, t -> { });
            final long until = look == Long.MAX_VALUE ? Long.MAX_VALUE : look + TimerCore.HELP_GRACE_NANOS;
            final long limit = until == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : until - TimerCore.HELP_GRACE_NANOS;
            final boolean parks = b.prepareToPark(until) && !(a.ownerRunning() && a.messagesDueBy(limit));
            r.r1 = !parks || until <= 2 * HORIZON + TimerCore.HELP_GRACE_NANOS ? 1 : 0;
        }

        @Actor
        public void submitter() {
            timers.deliver(a, far);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = unparksB.get() > 0 ? 1 : 0;
        }
    }

    /** Worker a runs (its wake word says awake), worker b has no timer and is about to park. */
    static class RunningAndParking {
        final AtomicInteger unparksA = new AtomicInteger();
        final AtomicInteger unparksB = new AtomicInteger();
        final TimerCore a = new TimerCore(0, unparksA::incrementAndGet, true);
        final TimerCore b = new TimerCore(0, unparksB::incrementAndGet, true);
        final Timers timers = new Timers(new TimerCore[] {a, b}, new VirtualTime(),
                new TimerStress.Host(), true, false);
        final ScheduledTask<Void> task = dueAt10(timers);

        RunningAndParking() {
            // no random wake: every unpark counted is one the rules owe
            a.backlogSample(0);
            b.backlogSample(0);
        }

        /** b parks without a timeout; r1 = 1 if it will look again instead. */
        void helperParks(II_Result r) {
            final long until = Long.MAX_VALUE;
            final boolean parks = b.prepareToPark(until)
                    && !(a.ownerRunning() && a.messagesDueBy(until - 1));
            r.r1 = parks ? 0 : 1;
        }
    }
}
