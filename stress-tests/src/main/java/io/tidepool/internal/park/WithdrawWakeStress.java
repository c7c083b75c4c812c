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

package io.tidepool.internal.park;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A wake whose unpark threw is withdrawn ({@link IdleSet#withdrawWake}) while the chosen worker,
 * spuriously awake, looks at its sleep state ({@link IdleSet#acknowledgeWake}): exactly one of
 * them wins, and the books agree with the winner. Columns: what the worker saw (0 PARKED,
 * 1 WOKEN_SEARCHING), whether the wake was withdrawn, the counts ({@code 10 * unparked +
 * searching}), the final sleep state (0 PARKED, 2 AWAKE).
 */
public final class WithdrawWakeStress {
    private WithdrawWakeStress() {}

    /** An idle set of one worker, parked and then chosen by a submitter's workerToNotify. */
    static IdleSet chosenSleeper() {
        final IdleSet idle = new IdleSet(1);
        idle.transitionToParked(0, false);
        if (idle.workerToNotify() != 0) {
            throw new IllegalStateException("the only sleeper was not chosen");
        }
        return idle;
    }

    /** Columns 3 and 4: the counts and the worker's sleep state. */
    static void books(IdleSet idle, IIII_Result r) {
        r.r3 = 10 * idle.unparkedCount() + idle.searchingCount();
        r.r4 = idle.sleepState(0);
    }

    /** The real pair: the worker's CAS against the waker's CAS under the lock. */
    @JCStressTest
    @Outcome(id = "1, 0, 11, 2", expect = ACCEPTABLE,
            desc = "the worker accepted the wake first: it searches, the withdrawal found nothing")
    @Outcome(id = "0, 1, 0, 0", expect = ACCEPTABLE,
            desc = "withdrawn first: the worker sees itself parked again, counts back to zero")
    @Outcome(expect = FORBIDDEN,
            desc = "both won, or neither: a worker awake while counted parked, or the reverse")
    @State
    public static class WithdrawVsAcknowledge {
        private final IdleSet idle = chosenSleeper();

        /** WorkerLoop.park after a spurious return of its park. */
        @Actor
        public void worker(IIII_Result r) {
            r.r1 = idle.acknowledgeWake(0);
        }

        /** Pool.wakeFailed after the chosen worker's unpark threw. */
        @Actor
        public void waker(IIII_Result r) {
            r.r2 = idle.withdrawWake(0) ? 1 : 0;
        }

        /** The books. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            books(idle, r);
        }
    }

    /**
     * Planted bug: the worker reads its state as it did before withdrawals existed (a plain
     * look, no CAS). Expected to FAIL with "1, 1, 0, 0": the worker searches while the idle set
     * counts it parked. Run with {@code -t Broken}.
     */
    @JCStressTest
    @Outcome(id = "0, 1, 0, 0", expect = ACCEPTABLE, desc = "withdrawn before the worker looked")
    @Outcome(expect = FORBIDDEN, desc = "caught: the worker searches while counted parked")
    @State
    public static class BrokenWithdrawVsLook {
        private final IdleSet idle = chosenSleeper();

        /** The old look: the state, no acknowledgement. */
        @Actor
        public void worker(IIII_Result r) {
            r.r1 = idle.sleepState(0);
        }

        /** Pool.wakeFailed. */
        @Actor
        public void waker(IIII_Result r) {
            r.r2 = idle.withdrawWake(0) ? 1 : 0;
        }

        /** The books. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            books(idle, r);
        }
    }
}
