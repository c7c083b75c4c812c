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
 * A spawn from inside a deferred blocking section, racing a thief that empties the section's
 * deque and goes to sleep, is never stranded: in a section every push wakes a sleeper. See
 * {@link SectionPush}; the same race under the rule for pushes outside sections (wake only
 * when the deque looked empty) is {@link BrokenSectionPushStress}.
 *
 * <p>Result: r1 = where T ended (0 run by the thief, 1 queued with the thief awake, 2 queued
 * with the thief asleep), r2 = whether the deque looked empty just before the push (a second
 * look, by the test).
 */
@JCStressTest
@Outcome(id = "0, [01]", expect = ACCEPTABLE, desc = "the thief's second look found T and ran it")
@Outcome(id = "1, [01]", expect = ACCEPTABLE, desc = "T is queued and the thief is awake or woken")
@Outcome(id = "2, .*", expect = FORBIDDEN,
        desc = "lost wake: T is queued behind a blocked section and the thief sleeps")
@State
public class SectionPushStress extends SectionPush {
    public SectionPushStress() {
        super(true);
    }

    /** The section's thread. */
    @Actor
    public void sectionThread(II_Result r) {
        r.r2 = push() ? 1 : 0;
    }

    /** The other worker. */
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
