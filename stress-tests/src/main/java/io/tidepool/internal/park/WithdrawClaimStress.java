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
 * A take-back's claim whose unpark threw is withdrawn ({@link IdleSet#withdrawClaim}) while the
 * claimed worker, awake anyway, looks at its sleep state ({@link IdleSet#acknowledgeWake}):
 * exactly one of them wins, and the books agree with the winner. Columns: what the worker saw
 * (0 PARKED, 3 CLAIMED), whether the claim was withdrawn, the counts ({@code 10 * unparked +
 * searching}), the final sleep state (0 PARKED, 2 AWAKE).
 */
public final class WithdrawClaimStress {
    private WithdrawClaimStress() {}

    /** An idle set of one worker, parked and then claimed by a take-back. */
    static IdleSet claimedSleeper() {
        final IdleSet idle = new IdleSet(1);
        idle.transitionToParked(0, false);
        if (idle.claimParked(i -> true) != 0) {
            throw new IllegalStateException("the only sleeper was not claimed");
        }
        return idle;
    }

    /** The worker's CAS against the asker's CAS under the lock. */
    @JCStressTest
    @Outcome(id = "3, 0, 10, 2", expect = ACCEPTABLE,
            desc = "the worker accepted the claim first: awake, not searching; nothing withdrawn")
    @Outcome(id = "0, 1, 0, 0", expect = ACCEPTABLE,
            desc = "withdrawn first: the worker sees itself parked again, counts back to zero")
    @Outcome(expect = FORBIDDEN,
            desc = "both won, or neither: a worker awake while counted parked, or the reverse")
    @State
    public static class WithdrawVsAcknowledge {
        private final IdleSet idle = claimedSleeper();

        /** WorkerLoop.park after its park returned. */
        @Actor
        public void worker(IIII_Result r) {
            r.r1 = idle.acknowledgeWake(0);
        }

        /** TakeBack.unparkFailed after the claimed worker's unpark threw. */
        @Actor
        public void asker(IIII_Result r) {
            r.r2 = idle.withdrawClaim(0) ? 1 : 0;
        }

        /** The books. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            r.r3 = 10 * idle.unparkedCount() + idle.searchingCount();
            r.r4 = idle.sleepState(0);
        }
    }
}
