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
 * A task woken by a worker's own park (a reactor's readiness dispatch) onto its own deque,
 * racing a thief that empties that deque and goes to sleep, is never stranded: the worker loop
 * looks at its own deque after the park and wakes itself. See {@link ParkedOwnerPush}; the
 * same race without that look is {@link BrokenParkedOwnerPushStress}.
 *
 * <p>Result: r1 = where T ended (0 run by the thief, 1 queued with a worker awake, 2 queued
 * with both asleep), r2 = whether the owner's push saw its deque empty.
 */
@JCStressTest
@Outcome(id = "0, [01]", expect = ACCEPTABLE,
        desc = "the thief's second look found T and ran it")
@Outcome(id = "1, [01]", expect = ACCEPTABLE,
        desc = "T is queued and a worker is awake: the owner woke itself, or a notify chose one")
@Outcome(id = "2, .*", expect = FORBIDDEN,
        desc = "lost wake: T is queued in the owner's deque and both workers sleep")
@State
public class ParkedOwnerPushStress extends ParkedOwnerPush {
    /** Worker 1 inside its park: the dispatch pushes T, then the loop's look at its deque. */
    @Actor
    public void owner(II_Result r) {
        r.r2 = pushFromPark() ? 1 : 0;
        ownRecheck();
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
