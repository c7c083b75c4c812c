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

package io.tidepool.internal.park;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/** The permit of {@link ThreadPark}: an unpark racing a park is never lost. */
public final class ThreadParkStress {
    private ThreadParkStress() {}

    /**
     * A waiter parks until a flag is set; the signal sets the flag and unparks. Spurious returns
     * are allowed (the waiter loops), a lost unpark is not.
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "the waiter saw the flag, or the unpark's permit or LockSupport.unpark woke it")
    @Outcome(id = "STALE", expect = FORBIDDEN,
            desc = "lost unpark: the waiter stays parked after the flag was set and unpark called")
    @State
    public static class UnparkVsPark extends AlignedStart {
        private final ThreadPark park = new ThreadPark();
        private volatile boolean ready;

        /** The worker waiting for work. */
        @Actor
        public void waiter() {
            awaitStart();
            while (!ready) {
                park.park();
            }
        }

        /** The submitter: publish, then unpark. */
        @Signal
        public void unparker() {
            start();
            ready = true;
            park.unpark();
        }
    }
}
