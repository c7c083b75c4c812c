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

package io.tidepool.internal.reactor;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.tidepool.internal.queue.Inbox;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Planted bug: {@link ReactorWakeStress.ArmVsOffer} with the reactor's two steps swapped (look at
 * the inbox, then arm), to show that the test catches a lost wake-up. Expected to FAIL with the
 * FORBIDDEN outcome "0, 0". The name contains "Broken", so the default run leaves it out; run it
 * with {@code -t BrokenReactorWake}.
 */
public final class BrokenReactorWakeStress {
    private BrokenReactorWakeStress() {}

    private static final Runnable MESSAGE = () -> {};

    /** r1 = 1 if the reactor saw the message, r2 = 1 if the submitter saw it armed. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "lost wake-up: the reactor saw an empty inbox and the submitter saw it running")
    @Outcome(id = {"1, 0", "0, 1", "1, 1"}, expect = ACCEPTABLE,
            desc = "one side saw the other")
    @State
    public static class CheckThenArm {
        private final Inbox inbox = new Inbox();
        private final ReactorWake wake = new ReactorWake();

        /** Broken reactor: looks first, arms after; a submit in between is missed by both. */
        @Actor
        public void reactor(II_Result r) {
            r.r1 = inbox.isEmpty() ? 0 : 1;
            wake.arm();
        }

        /** The submitter, as in the correct test. */
        @Actor
        public void submitter(II_Result r) {
            inbox.offer(MESSAGE, false);
            r.r2 = wake.lvState() == ReactorWake.IDLING ? 1 : 0;
        }
    }
}
