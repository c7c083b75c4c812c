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

package io.tidepool.internal.net;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * A planted bug: {@link SelectorParkStress.UnparkVsSelect} against a copy of
 * {@link SelectorPark}'s flag protocol whose unpark reads "in select" before it sets the permit,
 * to show that the test catches a lost wake-up in select. Expected to FAIL (STALE); the name
 * contains "Broken", so the default run ({@code -t '^(?!.*Broken).*'}) leaves it out.
 *
 * <p>The window is narrow: the owner must set its flag and take the permit between the
 * unparker's read and its store. A termination trial is slow (hundreds per second), and on a
 * loaded two-CPU machine a short run ({@code -m quick}) did not hit it; a plain two-thread loop
 * of this same model, outside jcstress, stalled in 2 of 3,000 trials. Run it with
 * {@code -m default} or longer.
 */
public final class BrokenSelectorParkStress {
    private BrokenSelectorParkStress() {}

    /** The park's protocol with the unpark's two steps in the wrong order. */
    static final class ReadThenSetPark {
        final Selector selector;
        final AtomicInteger inSelect = new AtomicInteger();
        final AtomicInteger notified = new AtomicInteger();

        ReadThenSetPark() {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void park() {
            inSelect.set(1);
            if (notified.getAndSet(0) != 0) {
                inSelect.set(0);
                return;
            }
            try {
                selector.select();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            inSelect.set(0);
            notified.getAndSet(0);
        }

        void unpark() {
            // BUG: reads the flag before publishing the permit; a park that sets the flag and
            // takes the (still absent) permit in between selects with nobody to wake it
            final boolean selecting = inSelect.get() != 0;
            // widens the window (a preemption here has the same effect) so that a short run
            // shows the failure
            for (int i = 0; i < 2048; i++) {
                Thread.onSpinWait();
            }
            notified.set(1);
            if (selecting) {
                selector.wakeup();
            }
        }
    }

    /** The race of {@code UnparkVsSelect} on the broken park. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "this trial missed the window")
    @Outcome(id = "STALE", expect = FORBIDDEN,
            desc = "lost wake-up (the planted bug): the owner stays in select")
    @State
    public static class UnparkReadsFlagFirst extends AlignedStart {
        private final ReadThenSetPark park = new ReadThenSetPark();
        private volatile boolean ready;

        /** The idle worker. */
        @Actor
        public void owner() throws IOException {
            awaitStart();
            while (!ready) {
                gap();
                park.park();
            }
            park.selector.close();
        }

        /** A submitter: publish, then unpark. */
        @Signal
        public void submitter() {
            start();
            ready = true;
            park.unpark();
        }
    }
}
