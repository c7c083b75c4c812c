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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Planted bug: {@link TimerStress.SubmitVsPark} with a worker that decides how long to park
 * from its drain alone, without storing its wake word and looking at the stack again
 * ({@code TimerCore.prepareToPark}), to show that the test catches a missed deadline. Expected
 * to FAIL with the FORBIDDEN outcome "0, 0". The name contains "Broken", so the default run
 * leaves it out; run it with {@code -t BrokenTimer}.
 */
public final class BrokenTimerStress {
    private BrokenTimerStress() {}

    /** r1 = 1 if the worker will not sleep past the deadline, r2 = 1 if it was unparked. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "missed deadline: the worker sleeps without a timeout and nobody wakes it")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the worker saw the timer")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the submitter woke it")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both")
    @State
    public static class ParkWithoutWakeWord {
        final AtomicInteger unparks = new AtomicInteger();
        final TimerCore core = new TimerCore(0, unparks::incrementAndGet, true);
        final Timers timers = new Timers(new TimerCore[] {core}, new VirtualTime(),
                new TimerStress.Host(), true, false);
        final ScheduledTask<Void> task = new ScheduledTask<>(timers, (Runnable) () -> { }, 10);

        @Actor
        public void worker(II_Result r) {
            // the bug: no wake word stored, no second look
            r.r1 = core.nextExpiry(0) <= 10 ? 1 : 0;
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
     * Planted bug: {@link TimerHelpStress.HelpTurnVsOwnerPark} with a helper that applies the
     * owner's message and publishes the deadline without the fence and the look at the owner's
     * wake word ({@code nextExpiry} does just that). Expected to FAIL with "0, 0".
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "missed deadline: the owner sleeps past its timer, the helper left it to it")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the owner saw the deadline (or the claim)")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the helper woke the owner")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both")
    @State
    public static class HelpTurnWithoutWake extends TimerHelpStress.OwnerWithOwnTimer {
        @Actor
        public void owner(II_Result r) {
            ownerParks(r);
        }

        @Actor
        public void helper() {
            // the bug: the turn, without the Dekker wake
            core.nextExpiry(0);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = unparks.get() > 0 ? 1 : 0;
        }
    }

    /**
     * Planted bug: {@link TimerHelpStress.SubmitToRunningVsHelperPark} with a submitter that
     * leaves the timer on the running worker's stack without making sure a parked worker will
     * watch it. Expected to FAIL with "0, 0".
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "missed deadline: the helper sleeps forever beside a running worker's timer")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the helper's look saw the timer")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the submitter woke the helper")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both")
    @State
    public static class SubmitToRunningWithoutHelpWake extends TimerHelpStress.RunningAndParking {
        @Actor
        public void helper(II_Result r) {
            helperParks(r);
        }

        @Actor
        public void submitter() {
            // the bug: no wakeToHelp
            a.submit(task, false);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = unparksB.get() > 0 ? 1 : 0;
        }
    }
}
