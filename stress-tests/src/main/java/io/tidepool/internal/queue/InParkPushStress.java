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
 * A task pushed inside its worker's own park, which wakes nobody
 * ({@code WorkStealingMode.pushLocal}), is never stranded: the worker loop looks at its deque
 * when the park returns ({@code WorkerLoop.park}: not empty, so it takes itself off the sleeper
 * stack and then takes the oldest task), and a searcher may steal it meanwhile. Either the look
 * sees the task, or a thief's CAS took it; the arbiter's drain finds nothing left over. Elements
 * and result codes as in {@link Outcomes}.
 */
public final class InParkPushStress {
    private InParkPushStress() {
    }

    /** The owner's side: the dispatch's push, then the look after the park. */
    @JCStressTest
    @Outcome(id = "1, 0, 9", expect = ACCEPTABLE,
            desc = "the look after the park saw the task and the owner ran it")
    @Outcome(id = "0, 1, 9", expect = ACCEPTABLE,
            desc = "a searcher stole the task; the owner's look saw empty or its take lost")
    @Outcome(id = "0, 0, 19", expect = FORBIDDEN,
            desc = "stranded: the owner's look saw empty and no thief took the task")
    @Outcome(expect = FORBIDDEN, desc = "the task run twice, or the deque left inconsistent")
    @State
    public static class PushInParkThenLookVsSteal {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);

        /** The owner: the readiness dispatch pushes (no wake), the park returns, it looks. */
        @Actor
        public void owner(III_Result r) {
            deque.push(1);
            r.r1 = deque.isEmpty() ? 0 : code(deque.pollOldest());
        }

        /** An awake searcher steals once. */
        @Actor
        public void thief(III_Result r) {
            r.r2 = code(deque.steal());
        }

        /** Whatever is left, then the probe: a stranded task shows up before the 9. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = drainAndProbe(deque::steal, deque::push);
        }
    }

    /**
     * A planted bug: the owner looks at its deque before the dispatch's push (as if the look
     * were made before the park rather than after it). Expected to FAIL with
     * {@code 0, 0, 19}: the owner saw empty, the thief came before the push, and the task is
     * left in the deque with nobody woken for it.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 9", expect = ACCEPTABLE, desc = "the owner ran the task")
    @Outcome(id = "0, 1, 9", expect = ACCEPTABLE, desc = "a searcher stole the task")
    @Outcome(expect = FORBIDDEN, desc = "stranded (the planted bug), run twice, or inconsistent")
    @State
    public static class BrokenLookBeforePushVsSteal {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);

        /** The owner: looks first (BUG), then the dispatch pushes. */
        @Actor
        public void owner(III_Result r) {
            final boolean empty = deque.isEmpty();
            deque.push(1);
            r.r1 = empty ? 0 : code(deque.pollOldest());
        }

        /** An awake searcher steals once. */
        @Actor
        public void thief(III_Result r) {
            r.r2 = code(deque.steal());
        }

        /** Whatever is left, then the probe. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = drainAndProbe(deque::steal, deque::push);
        }
    }
}
