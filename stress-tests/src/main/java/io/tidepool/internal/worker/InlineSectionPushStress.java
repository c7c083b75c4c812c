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
 * A spawn made outside any section, racing a thief that empties the deque and goes to sleep,
 * is not stranded when its worker then runs a blocking section inline (no permit free, or
 * {@code maxBlocking(0)}): before the body runs, the worker wakes for whatever its queues hold
 * ({@link Pool#notifyIfQueued}, what {@code HandOffs} calls on every inline path). The push
 * alone is {@link BrokenSectionPushStress}, where this race strands T.
 *
 * <p>Result: as in {@link SectionPushStress}.
 */
@JCStressTest
@Outcome(id = "0, [01]", expect = ACCEPTABLE, desc = "the thief's second look found T and ran it")
@Outcome(id = "1, [01]", expect = ACCEPTABLE, desc = "T is queued and the thief is awake or woken")
@Outcome(id = "2, .*", expect = FORBIDDEN,
        desc = "lost wake: T is queued behind an inline section and the thief sleeps")
@State
public class InlineSectionPushStress extends SectionPush {
    public InlineSectionPushStress() {
        super(false);
    }

    /** The worker's thread: a spawn outside any section, then the look before an inline section. */
    @Actor
    public void worker(II_Result r) {
        r.r2 = push() ? 1 : 0;
        pool.notifyIfQueued(section);
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
