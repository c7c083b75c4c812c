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

package io.tidepool.internal.queue.broken;

import static io.tidepool.internal.queue.Outcomes.code;
import static io.tidepool.internal.queue.Outcomes.drainAndProbe;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The pop races of {@code WorkStealingDequeStress}, unchanged, pointed at the planted bug
 * {@link BrokenDequeNoFence}. These are expected to FAIL: they are the evidence that the races
 * can see a missing fence. Every class name here contains "Broken", and the default run
 * excludes them with {@code -t '^(?!.*Broken).*'} (see docs/design/correctness.md).
 *
 * <p>Only races in which the owner pops are repeated: push and steal are identical in the copy.
 */
public final class BrokenDequeNoFenceStress {
    private BrokenDequeNoFenceStress() {
    }

    /** Owner pop against one steal of the only element; the CAS on top still saves this one. */
    @JCStressTest
    @Outcome(id = "1, 0, 9", expect = ACCEPTABLE, desc = "owner popped the element, thief saw empty or lost the CAS")
    @Outcome(id = "0, 1, 9", expect = ACCEPTABLE, desc = "thief stole the element, owner saw empty or lost the CAS")
    @Outcome(expect = FORBIDDEN, desc = "element lost, taken twice, or deque left inconsistent (probe lost)")
    @State
    public static class PopVsStealLastElement {
        private final BrokenDequeNoFence<Integer> deque = new BrokenDequeNoFence<>(2);

        /** Pushes the one element. */
        public PopVsStealLastElement() {
            deque.push(1);
        }

        /** The owner pops. */
        @Actor
        public void owner(III_Result r) {
            r.r1 = code(deque.pop());
        }

        /** A thief steals. */
        @Actor
        public void thief(III_Result r) {
            r.r2 = code(deque.steal());
        }

        /** Takes what is left and checks a probe round-trips. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = drainAndProbe(deque::steal, deque::push);
        }
    }

    /** Owner pop against two steals with two elements: the race the missing fence loses. */
    @JCStressTest
    @Outcome(id = "2, 1, 0, 9", expect = ACCEPTABLE, desc = "owner popped 2, thief stole 1 then saw empty")
    @Outcome(id = "0, 1, 2, 9", expect = ACCEPTABLE, desc = "thief stole 1 then 2, owner saw empty or lost the CAS")
    @Outcome(expect = FORBIDDEN, desc = "an element lost or taken twice, or deque left inconsistent (probe lost)")
    @State
    public static class PopVsTwoSteals {
        private final BrokenDequeNoFence<Integer> deque = new BrokenDequeNoFence<>(2);

        /** Pushes 1 then 2. */
        public PopVsTwoSteals() {
            deque.push(1);
            deque.push(2);
        }

        /** The owner pops once. */
        @Actor
        public void owner(IIII_Result r) {
            r.r1 = code(deque.pop());
        }

        /** A thief steals twice. */
        @Actor
        public void thief(IIII_Result r) {
            r.r2 = code(deque.steal());
            r.r3 = code(deque.steal());
        }

        /** Takes what is left and checks a probe round-trips. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            r.r4 = drainAndProbe(deque::steal, deque::push);
        }
    }

    /** Slot reuse after wrap-around, owner push then pop against two steals. */
    @JCStressTest
    @Outcome(id = "2, 1, 0, 9", expect = ACCEPTABLE, desc = "owner popped 2, thief stole 1 then saw empty")
    @Outcome(id = "0, 1, 2, 9", expect = ACCEPTABLE, desc = "thief stole 1 then 2, owner saw empty or lost the CAS")
    @Outcome(expect = FORBIDDEN, desc = "a reused slot gave a stale or duplicated element, or the deque was left inconsistent")
    @State
    public static class WrapAroundPopVsSteal {
        private final BrokenDequeNoFence<Integer> deque = new BrokenDequeNoFence<>(2);

        /** Advances top and bottom to 7 through push/steal pairs, then pushes 1 (slot 1). */
        public WrapAroundPopVsSteal() {
            for (int i = 0; i < 7; i++) {
                deque.push(8);
                deque.steal();
            }
            deque.push(1);
        }

        /** The owner pushes 2 into slot 0 (index 8), then pops. */
        @Actor
        public void owner(IIII_Result r) {
            deque.push(2);
            r.r1 = code(deque.pop());
        }

        /** A thief steals twice. */
        @Actor
        public void thief(IIII_Result r) {
            r.r2 = code(deque.steal());
            r.r3 = code(deque.steal());
        }

        /** Takes what is left and checks a probe round-trips. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            r.r4 = drainAndProbe(deque::steal, deque::push);
        }
    }
}
