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
package io.tidepool.internal.worker;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Planted bug: {@link ParkedOwnerPushStress} without the worker loop's look at its own deque
 * after a park, as the loop was before the fix. The owner relies on {@code push}'s answer
 * alone; a stale "not empty" (the thief stole X after the owner read top) and a thief whose
 * looks all come before the owner stores the new bottom leave T queued with both workers
 * asleep. The window is a few instructions, so the FORBIDDEN outcome is rare; expected to
 * FAIL when it shows. Left out of the default run ({@code -t '^(?!.*Broken).*'}).
 */
@JCStressTest
@Outcome(id = "0, [01]", expect = ACCEPTABLE,
        desc = "the thief's second look found T and ran it")
@Outcome(id = "1, [01]", expect = ACCEPTABLE,
        desc = "T is queued and a notify chose a worker")
@Outcome(id = "2, .*", expect = FORBIDDEN,
        desc = "lost wake: T is queued in the owner's deque and both workers sleep (the planted bug)")
@State
public class BrokenParkedOwnerPushStress extends ParkedOwnerPush {
    /** Worker 1 inside its park: the dispatch pushes T; the loop does not look again. */
    @Actor
    public void owner(II_Result r) {
        r.r2 = pushFromPark() ? 1 : 0;
    }

    /** Worker 0, woken for X. */
    @Actor
    public void thief() {
        stealThenSleep();
    }

    /** Where T ended. */
    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = fateOfT();
    }
}
