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
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress races of {@link WorkStealingDeque}: the owner's pop against thieves, thieves against
 * each other, growth and index wrap-around under a concurrent steal, and safe publication of a
 * pushed element.
 *
 * <p>Elements are the numbers 1 to 9; results use the digit encoding of {@link Outcomes}. The
 * state object is built by the jcstress harness thread, which acts as the owner until the race
 * starts; the owner actor (always {@code owner}) takes over with a happens-before edge, and so
 * does the arbiter afterwards. Every outcome not listed is FORBIDDEN.
 */
public final class WorkStealingDequeStress {
    private WorkStealingDequeStress() {
    }

    /**
     * Owner pop against one steal of the only element: exactly one of them gets it (the CAS on
     * top decides), and the deque is left consistent.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 9", expect = ACCEPTABLE, desc = "owner popped the element, thief saw empty or lost the CAS")
    @Outcome(id = "0, 1, 9", expect = ACCEPTABLE, desc = "thief stole the element, owner saw empty or lost the CAS")
    @Outcome(expect = FORBIDDEN, desc = "element lost, taken twice, or deque left inconsistent (probe lost)")
    @State
    public static class PopVsStealLastElement {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);

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

    /**
     * The owner takes the oldest element ({@code pollOldest}, FIFO, no fence) while a thief
     * steals, with one element: exactly one of them gets it. Columns: owner's element (code),
     * thief's element, arbiter's drain-and-probe.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 9", expect = ACCEPTABLE, desc = "owner took the element, thief saw empty or lost the CAS")
    @Outcome(id = "0, 1, 9", expect = ACCEPTABLE, desc = "thief stole the element, owner saw empty or lost the CAS")
    @Outcome(expect = FORBIDDEN, desc = "element lost, taken twice, or deque left inconsistent (probe lost)")
    @State
    public static class PollOldestVsStealLastElement {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);

        /** Pushes the one element. */
        public PollOldestVsStealLastElement() {
            deque.push(1);
        }

        /** The owner takes the oldest. */
        @Actor
        public void owner(III_Result r) {
            r.r1 = code(deque.pollOldest());
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

    /**
     * The owner pushes a second element and then takes the oldest while a thief steals, on a
     * deque of capacity 2 holding one element: every element is taken exactly once (the thief
     * always gets one: the push precedes the owner's CAS). Columns: owner's element, thief's
     * element, what the arbiter found left, and the probe.
     */
    @JCStressTest
    @Outcome(id = "1, 2, 0, 9", expect = ACCEPTABLE, desc = "owner took 1 (oldest), the thief lost that CAS and stole 2")
    @Outcome(id = "2, 1, 0, 9", expect = ACCEPTABLE, desc = "thief stole 1, owner took 2")
    @Outcome(expect = FORBIDDEN, desc = "an element lost or taken twice, or deque left inconsistent (probe lost)")
    @State
    public static class PushThenPollOldestVsSteal {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);

        /** Pushes the first element. */
        public PushThenPollOldestVsSteal() {
            deque.push(1);
        }

        /** The owner pushes 2, then takes the oldest. */
        @Actor
        public void owner(IIII_Result r) {
            deque.push(2);
            r.r1 = code(deque.pollOldest());
        }

        /** A thief steals once. */
        @Actor
        public void thief(IIII_Result r) {
            r.r2 = code(deque.steal());
        }

        /** Drains what is left, then checks a probe round-trips. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            final Integer left = deque.steal();
            r.r3 = code(left);
            r.r4 = drainAndProbe(deque::steal, deque::push);
        }
    }

    /**
     * Owner pop against two steals with two elements. The pop takes the newest element without a
     * CAS when it sees more than one; this is correct only because of the full fence between the
     * store of bottom and the load of top in pop (store-load order, which x86 does not give for
     * free). Without it the thief can steal the element the owner is popping.
     */
    @JCStressTest
    @Outcome(id = "2, 1, 0, 9", expect = ACCEPTABLE, desc = "owner popped 2, thief stole 1 then saw empty")
    @Outcome(id = "0, 1, 2, 9", expect = ACCEPTABLE, desc = "thief stole 1 then 2, owner saw empty or lost the CAS")
    @Outcome(expect = FORBIDDEN, desc = "an element lost or taken twice, or deque left inconsistent (probe lost)")
    @State
    public static class PopVsTwoSteals {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);

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

    /** Two thieves steal the only element: exactly one gets it. */
    @JCStressTest
    @Outcome(id = "1, 0, 9", expect = ACCEPTABLE, desc = "first thief won the CAS on top")
    @Outcome(id = "0, 1, 9", expect = ACCEPTABLE, desc = "second thief won the CAS on top")
    @Outcome(expect = FORBIDDEN, desc = "element lost, taken twice, or deque left inconsistent (probe lost)")
    @State
    public static class TwoThievesOneElement {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);

        /** Pushes the one element. */
        public TwoThievesOneElement() {
            deque.push(1);
        }

        /** First thief. */
        @Actor
        public void thief1(III_Result r) {
            r.r1 = code(deque.steal());
        }

        /** Second thief. */
        @Actor
        public void thief2(III_Result r) {
            r.r2 = code(deque.steal());
        }

        /** Takes what is left and checks a probe round-trips. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = drainAndProbe(deque::steal, deque::push);
        }
    }

    /**
     * The owner pushes into a full deque of capacity 2, growing it twice (2 to 4 to 8), while a
     * thief steals twice. The deque is never empty to the thief, so it must get 1 then 2 whether
     * it read the old array or a grown one; the arbiter must find 3, 4, 5 in order: every element
     * taken exactly once, FIFO for thieves.
     */
    @JCStressTest
    @Outcome(id = "1, 2, 3459", expect = ACCEPTABLE, desc = "every element taken exactly once, in FIFO order for thieves")
    @Outcome(expect = FORBIDDEN, desc = "an element lost, duplicated or reordered across the growth")
    @State
    public static class PushGrowVsSteal {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);

        /** Fills the deque to its capacity 2 with 1 and 2. */
        public PushGrowVsSteal() {
            deque.push(1);
            deque.push(2);
        }

        /** The owner pushes 3, 4, 5: the first and third push grow the array. */
        @Actor
        public void owner() {
            deque.push(3);
            deque.push(4);
            deque.push(5);
        }

        /** A thief steals twice. */
        @Actor
        public void thief(III_Result r) {
            r.r1 = code(deque.steal());
            r.r2 = code(deque.steal());
        }

        /** Takes what is left and checks a probe round-trips. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = drainAndProbe(deque::steal, deque::push);
        }
    }

    /**
     * Slot reuse after the indices wrap: a capacity-2 deque whose top and bottom were advanced to
     * 7, so element 1 sits in slot 1 and element 2 goes to slot 0 (index 8). The owner pushes 2
     * and pops while a thief steals twice; no growth happens (never more than two elements).
     */
    @JCStressTest
    @Outcome(id = "2, 1, 0, 9", expect = ACCEPTABLE, desc = "owner popped 2, thief stole 1 then saw empty")
    @Outcome(id = "0, 1, 2, 9", expect = ACCEPTABLE, desc = "thief stole 1 then 2, owner saw empty or lost the CAS")
    @Outcome(expect = FORBIDDEN, desc = "a reused slot gave a stale or duplicated element, or the deque was left inconsistent")
    @State
    public static class WrapAroundPopVsSteal {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);

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

    /**
     * A thief never sees a half-published element: the fields of an object written before push
     * are visible to whoever steals it (release store of bottom in push, acquire load in steal).
     * The fields are plain and not final, so nothing but the deque orders them.
     */
    @JCStressTest
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "stole the element and saw both fields written before push")
    @Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "steal saw the deque empty")
    @Outcome(expect = FORBIDDEN, desc = "stole the element but saw a field still at its default: half-published")
    @State
    public static class StealSeesFullyPublishedElement {
        /** An element with plain mutable fields. */
        static final class Payload {
            int a;
            int b;
        }

        private final WorkStealingDeque<Payload> deque = new WorkStealingDeque<>(2);

        /** The owner fills in a payload and pushes it. */
        @Actor
        public void owner() {
            Payload p = new Payload();
            p.a = 1;
            p.b = 2;
            deque.push(p);
        }

        /** A thief steals and reads the fields. */
        @Actor
        public void thief(II_Result r) {
            Payload p = deque.steal();
            if (p == null) {
                r.r1 = -1;
                r.r2 = -1;
            } else {
                r.r1 = p.a;
                r.r2 = p.b;
            }
        }
    }
}
