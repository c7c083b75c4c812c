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

import static io.tidepool.internal.queue.Outcomes.append;
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
 * jcstress races of the owner's shortcuts in {@link WorkStealingDeque} against thieves: the
 * claimed run of {@code pollOldest} (one CAS on top for up to {@code MAX_CLAIM} elements) and the
 * pop of the only element (one CAS on top, no fence). {@code WorkStealingDequeStress} races the same
 * pop on a deque that a thief empties ({@code PopVsStealLastElement}, {@code PopVsTwoSteals}).
 * Elements and result codes as there ({@link Outcomes}); every outcome not listed is FORBIDDEN.
 */
public final class DequeShortcutsStress {
    private DequeShortcutsStress() {
    }

    /** Pushes 1 to 8 into a deque of capacity 16 (so no growth), as its first owner. */
    private static WorkStealingDeque<Integer> oneToEight() {
        final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(16);
        for (int i = 1; i <= 8; i++) {
            deque.push(i);
        }
        return deque;
    }

    /**
     * The owner takes the oldest twice while a thief steals twice, from 1..8. An owner that comes
     * first claims the run 1, 2 with one CAS (a quarter of 8) and takes 2 with no atomic; a thief
     * that comes first leaves 7 or 6, too few for a run of two. Either way each of 1..4 goes to
     * exactly one of them, each in FIFO order, and the arbiter (the owner again) finds 5..8 and
     * the probe. Columns: owner's takes, thief's steals, arbiter's takes then the probe.
     */
    @JCStressTest
    @Outcome(id = "12, 34, 56789", expect = ACCEPTABLE, desc = "owner claimed the run 1, 2 first; the thief stole after it")
    @Outcome(id = "23, 14, 56789", expect = ACCEPTABLE, desc = "thief stole 1, owner took 2 and 3 (runs of one), thief stole 4")
    @Outcome(id = "24, 13, 56789", expect = ACCEPTABLE, desc = "thief stole 1, owner took 2, thief 3, owner 4")
    @Outcome(id = "34, 12, 56789", expect = ACCEPTABLE, desc = "thief stole 1 and 2 before the owner's first claim")
    @Outcome(expect = FORBIDDEN, desc = "an element taken twice or lost, or a claimed element handed to a thief")
    @State
    public static class ClaimVsSteals {
        private final WorkStealingDeque<Integer> deque = oneToEight();

        /** The owner takes the oldest twice. */
        @Actor
        public void owner(III_Result r) {
            r.r1 = append(append(0, code(deque.pollOldest())), code(deque.pollOldest()));
        }

        /** A thief steals twice. */
        @Actor
        public void thief(III_Result r) {
            r.r2 = append(append(0, code(deque.steal())), code(deque.steal()));
        }

        /** As the owner: takes everything left, oldest first, then pushes the probe and takes it. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = drainAndProbe(deque::pollOldest, deque::push);
        }
    }

    /**
     * The owner claims a run, then pops while a thief steals the rest: the pop takes the
     * stealable bottom element if it wins the race for it, else the claimed one (1..8, the owner
     * claims 1 and 2 before the race). Columns: owner's pop, thief's steals (up to six), and the
     * arbiter's drain with the probe.
     */
    @JCStressTest
    @Outcome(id = "8, 34567, 29", expect = ACCEPTABLE, desc = "owner popped 8 (stealable), thief stole 3..7, the claimed 2 left")
    @Outcome(id = "2, 345678, 9", expect = ACCEPTABLE, desc = "thief stole 3..8 first, owner popped the claimed 2")
    @Outcome(expect = FORBIDDEN, desc = "an element taken twice or lost, or the claimed element stolen")
    @State
    public static class PopAfterClaimVsStealAll {
        private final WorkStealingDeque<Integer> deque = oneToEight();

        /** Claims 1 and 2 (a quarter of 8) and takes 1, before the race. */
        public PopAfterClaimVsStealAll() {
            deque.pollOldest();
        }

        /** The owner pops once. */
        @Actor
        public void owner(III_Result r) {
            r.r1 = code(deque.pop());
        }

        /** A thief steals until it sees the deque empty. */
        @Actor
        public void thief(III_Result r) {
            int sequence = 0;
            Integer e;
            while ((e = deque.steal()) != null) {
                sequence = append(sequence, e);
            }
            r.r2 = sequence;
        }

        /** As the owner: takes everything left, then the probe. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = drainAndProbe(deque::pollOldest, deque::push);
        }
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
