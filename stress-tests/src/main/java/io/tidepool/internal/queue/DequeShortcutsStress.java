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

package io.tidepool.internal.queue;

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

/**
 * jcstress races of the owner's shortcuts in {@link WorkStealingDeque} against thieves: the pop
 * of the only element (one CAS on top, no fence). {@code WorkStealingDequeStress} races the same
 * pop on a deque that a thief empties ({@code PopVsStealLastElement}, {@code PopVsTwoSteals}).
 * Elements and result codes as there ({@link Outcomes}); every outcome not listed is FORBIDDEN.
 */
public final class DequeShortcutsStress {
    private DequeShortcutsStress() {
    }

    /**
     * The owner pushes onto an empty deque and pops at once (the pop of the only element: one
     * CAS, no fence) while a thief steals: exactly one of them gets it.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 9", expect = ACCEPTABLE, desc = "owner popped its element; the thief saw empty or lost the CAS")
    @Outcome(id = "0, 1, 9", expect = ACCEPTABLE, desc = "thief stole the element; the owner lost the CAS or saw empty")
    @Outcome(expect = FORBIDDEN, desc = "element taken twice or lost, or deque left inconsistent (probe lost)")
    @State
    public static class PushPopOnlyElementVsSteal {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);

        /** The owner pushes 1 and pops. */
        @Actor
        public void owner(III_Result r) {
            deque.push(1);
            r.r1 = code(deque.pop());
        }

        /** A thief steals once. */
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
}
