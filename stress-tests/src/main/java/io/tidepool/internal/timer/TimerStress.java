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
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The races of a worker's timers ({@link TimerCore}, {@link ScheduledTask}): a cancel against
 * the expiry, a timer from outside against the worker deciding how long to park, and a
 * periodic task's re-arm against {@code shutdown()}.
 */
public final class TimerStress {
    private TimerStress() {}

    /** A pool as the timers see it: no worker thread calls, a shutdown flag. */
    static final class Host implements TimerHost {
        volatile boolean shutdown;

        @Override
        public TimerCore currentTimers() {
            return null;
        }

        @Override
        public boolean insidePool() {
            return false;
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isStopped() {
            return false;
        }
    }

    /** One worker's timers on a virtual clock at 20; timers are due at 10. */
    static class OneCore {
        final Host host = new Host();
        final VirtualTime clock = new VirtualTime();
        final AtomicInteger unparks = new AtomicInteger();
        final TimerCore core = new TimerCore(0, unparks::incrementAndGet, true);
        final Timers timers = new Timers(new TimerCore[] {core}, clock, host, true, false);

        OneCore() {
            clock.advance(20);
        }
    }

    /** A one-shot task whose body counts its runs, and the outcome of a cancel race. */
    static class CancelRace extends OneCore {
        final AtomicInteger runs = new AtomicInteger();
        final ScheduledTask<Void> task = new ScheduledTask<>(timers, (Runnable) runs::incrementAndGet, 10);

        /** r1 = runs of the body, r2 = 1 completed / 2 cancelled / 0 neither, r3 = garbage. */
        void outcome(III_Result r) {
            // the removal message of a cancel that won against an armed timer
            core.fire(20, Runnable::run);
            r.r1 = runs.get();
            r.r2 = task.isCancelled() ? 2 : task.isDone() ? 1 : 0;
            r.r3 = core.lvArmed() + (core.hasMessages() ? 100 : 0);
        }
    }

    /**
     * A cancel from another thread against the worker's timer turn that arms and expires the
     * task (the worker runs it at once): the task ends exactly once, completed or cancelled, its
     * body runs at most once and never after a cancel that came before the expiry, and no timer
     * stays in the wheel.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "fired and ran; the cancel came too late")
    @Outcome(id = "0, 2, 0", expect = ACCEPTABLE, desc = "cancelled before it fired; never ran")
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE,
            desc = "cancelled while running: the run finishes, the future is cancelled")
    @Outcome(id = "0, [01], .*", expect = FORBIDDEN, desc = "lost: neither ran nor cancelled")
    @Outcome(id = "1, 0, .*", expect = FORBIDDEN, desc = "ran but never completed")
    @Outcome(id = "[2-9], .*", expect = FORBIDDEN, desc = "ran twice")
    @Outcome(id = ".*, .*, [1-9].*", expect = FORBIDDEN, desc = "garbage: a timer stays in the wheel")
    @State
    public static class CancelVsFire extends CancelRace {
        public CancelVsFire() {
            core.submit(task, true);
        }

        @Actor
        public void worker() {
            core.fire(20, Runnable::run);
        }

        @Actor
        public void canceller() {
            task.cancel(false);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            outcome(r);
        }
    }

    /**
     * As {@link CancelVsFire} with the task already armed, so the cancel races the expiry
     * alone and, when it wins, must push a removal message.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "fired and ran; the cancel came too late")
    @Outcome(id = "0, 2, 0", expect = ACCEPTABLE, desc = "cancelled while armed; removed, never ran")
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE,
            desc = "cancelled while running: the run finishes, the future is cancelled")
    @Outcome(id = "0, [01], .*", expect = FORBIDDEN, desc = "lost: neither ran nor cancelled")
    @Outcome(id = "1, 0, .*", expect = FORBIDDEN, desc = "ran but never completed")
    @Outcome(id = "[2-9], .*", expect = FORBIDDEN, desc = "ran twice")
    @Outcome(id = ".*, .*, [1-9].*", expect = FORBIDDEN, desc = "garbage: a timer stays in the wheel")
    @State
    public static class CancelArmedVsFire extends CancelRace {
        public CancelArmedVsFire() {
            core.submit(task, true);
            // arms it without expiring it
            core.nextExpiry(0);
        }

        @Actor
        public void worker() {
            core.fire(20, Runnable::run);
        }

        @Actor
        public void canceller() {
            task.cancel(false);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            outcome(r);
        }
    }

    /**
     * A timer set from outside against the worker deciding how long to park: its turn applies
     * the messages and computes the next deadline, stores it in the wake word, then looks at
     * the stack again (TimerCore.prepareToPark). r1 = 1 if the worker will not sleep past the
     * new deadline on its own (it saw the timer, or its last look found a message and it takes
     * another turn), r2 = 1 if the submitter unparked it.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "missed deadline: the worker sleeps without a timeout and nobody wakes it")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the worker saw the timer; no wake needed")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the submitter saw the sleep and woke it")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both: a redundant unpark")
    @State
    public static class SubmitVsPark {
        final AtomicInteger unparks = new AtomicInteger();
        final TimerCore core = new TimerCore(0, unparks::incrementAndGet, true);
        final Host host = new Host();
        final Timers timers = new Timers(new TimerCore[] {core}, new VirtualTime(), host, true, false);
        final ScheduledTask<Void> task = new ScheduledTask<>(timers, (Runnable) () -> { }, 10);

        @Actor
        public void worker(II_Result r) {
            final long next = core.nextExpiry(0);
            final boolean parks = core.prepareToPark(next);
            r.r1 = !parks || next <= 10 ? 1 : 0;
        }

        @Actor
        public void submitter() {
            core.submit(task, false);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = unparks.get() > 0 ? 1 : 0;
        }
    }

    /**
     * {@link SubmitVsPark} after timer traffic, where the worker's sleep ends a horizon (100)
     * after its turn even with an empty wheel, and the look before the park reads the new
     * messages' deadlines instead of taking a turn for any message: the submitter pushes a
     * timer due at 10, within the sleep, then one due at 1,000, after it, which needs no wake
     * and may lie on top of the first when the worker looks. r1 = 1 if the worker will not sleep
     * past 10 on its own (it takes another turn, or its sleep ends by then), r2 = 1 if the
     * submitter unparked it.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "missed deadline: the worker sleeps to its horizon over a timer due before it, unwoken")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the worker's look saw the early timer")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the submitter saw the sleep and woke it")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both: a redundant unpark")
    @State
    public static class SubmitUnderFarVsHorizonPark {
        final AtomicInteger unparks = new AtomicInteger();
        final TimerCore core = new TimerCore(0, unparks::incrementAndGet, true);
        final Host host = new Host();
        final Timers timers = new Timers(new TimerCore[] {core}, new VirtualTime(), host, true, false);
        final ScheduledTask<Void> near = new ScheduledTask<>(timers, (Runnable) () -> { }, 10);
        final ScheduledTask<Void> far = new ScheduledTask<>(timers, (Runnable) () -> { }, 1_000);

        public SubmitUnderFarVsHorizonPark() {
            core.horizon(100);
            // no random wake: every unpark counted is one the rules owe
            core.backlogSample(0);
            // traffic for the worker's turn: a timeout armed and cancelled at once
            final ScheduledTask<Void> cancelled = new ScheduledTask<>(timers, (Runnable) () -> { }, 5_000);
            core.submit(cancelled, true);
            cancelled.cancel(false);
        }

        @Actor
        public void worker(II_Result r) {
            final long until = core.nextExpiry(0);
            final boolean parks = core.prepareToPark(until);
            r.r1 = !parks || until <= 10 ? 1 : 0;
        }

        @Actor
        public void submitter() {
            core.submit(near, false);
            core.submit(far, false);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = unparks.get() > 0 ? 1 : 0;
        }
    }

    /**
     * A periodic task ending a run (it arms its next run) against {@code shutdown()}, whose
     * policy cancels periodic tasks: whatever the order, the task ends cancelled and no timer
     * stays armed, so the pool can terminate. r1 = cancelled, r2 = timers left in the wheel
     * after a final turn.
     */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "cancelled by the sweep or by the re-arm's check")
    @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "the periodic task goes on after shutdown")
    @Outcome(id = "1, [1-9].*", expect = FORBIDDEN, desc = "cancelled but still in the wheel")
    @State
    public static class RearmVsShutdown extends OneCore {
        final PeriodicTask<Void> task = new PeriodicTask<>(timers, () -> { }, 10, 5);
        Runnable fired;

        public RearmVsShutdown() {
            core.submit(task, true);
            core.fire(20, t -> fired = t);
        }

        @Actor
        public void runner() {
            fired.run();
        }

        @Actor
        public void shutdown() {
            host.shutdown = true;
            timers.shutdown();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            core.fire(20, t -> { });
            r.r1 = task.isCancelled() ? 1 : 0;
            r.r2 = core.lvArmed() + (core.hasMessages() ? 100 : 0);
        }
    }

    /**
     * {@code shutdown()}'s sweep, which applies a queued timer that the policies keep (a
     * delayed task) to the wheel and publishes the new deadline, against the worker deciding
     * how long to park from the deadline published before (TimerTurns.parkNanos, without the
     * claim when no message is left): either the worker sees the deadline, or the sweep sees
     * the sleep and wakes it. r1 = 1 if the worker will not sleep past the deadline on its own,
     * r2 = 1 if the sweep unparked it. (Before the sweep woke anyone, a pool that kept a
     * periodic task after shutdown missed it in about 1 run of 50.)
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "missed deadline: the worker sleeps without a timeout and nobody wakes it")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the worker saw the deadline")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the sweep saw the sleep and woke it")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both: a redundant unpark")
    @State
    public static class SweepVsPark {
        final AtomicInteger unparks = new AtomicInteger();
        final TimerCore core = new TimerCore(0, unparks::incrementAndGet, true);
        final Host host = new Host();
        final Timers timers = new Timers(new TimerCore[] {core}, new VirtualTime(), host, true, false);
        final ScheduledTask<Void> task = new ScheduledTask<>(timers, (Runnable) () -> { }, 10);

        public SweepVsPark() {
            // queued by the worker's own thread earlier: on the stack, no wake owed
            core.submit(task, true);
        }

        @Actor
        public void worker(II_Result r) {
            final long next = core.hasMessages() ? core.nextExpiry(0) : core.loNextDeadline();
            final boolean parks = core.prepareToPark(next);
            r.r1 = !parks || next <= 10 ? 1 : 0;
        }

        @Actor
        public void shutdown() {
            host.shutdown = true;
            timers.shutdown();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = unparks.get() > 0 ? 1 : 0;
        }
    }
}
