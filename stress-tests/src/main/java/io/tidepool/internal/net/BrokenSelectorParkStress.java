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
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * A planted bug: {@link SelectorParkStress.UnparkVsSelect} against a copy of
 * {@link SelectorPark}'s flag protocol whose unpark reads "in select" before it sets the permit,
 * to show that the test catches a lost wake-up in select. Expected to FAIL (outcome 1); the
 * name contains "Broken", so the default run ({@code -t '^(?!.*Broken).*'}) leaves it out.
 *
 * <p>The window: the owner must set its flag and take the permit between the unparker's read
 * and its store (widened below to 2,048 spin-wait hints). With the owner's gap of 512 hints
 * before its park and the submitter's delay of 0 to 2,032 hints after the start
 * ({@link AlignedStart}), the trials whose delay is shorter than the gap put the owner's
 * park in that window. When this race was a termination test it was never seen failing:
 * {@code -m sanity} gives a termination test no time, so it ran no trial, and in longer
 * modes the owner's loop had no {@code staleIfInterrupted()}, so the interrupt jcstress sends
 * a stale actor ended the select and the lost wake-up passed as TERMINATED.
 */
public final class BrokenSelectorParkStress {
    private BrokenSelectorParkStress() {}

    static Selector openSelector() {
        try {
            return Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The park's protocol with the unpark's two steps in the wrong order. */
    static final class ReadThenSetPark {
        final Selector selector;
        final AtomicInteger inSelect = new AtomicInteger();
        final AtomicInteger notified = new AtomicInteger();

        ReadThenSetPark() {
            selector = openSelector();
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

    /** The race of {@code UnparkVsSelect} on the broken park, judged the same way. */
    @JCStressTest
    @Outcome(id = "0", expect = ACCEPTABLE, desc = "this trial missed the window")
    @Outcome(id = "1", expect = FORBIDDEN,
            desc = "lost wake-up (the planted bug): the owner stays in select")
    @State
    public static class UnparkReadsFlagFirst extends AlignedStart {
        private final ReadThenSetPark park = new ReadThenSetPark();
        private volatile boolean ready;
        private volatile boolean returned;
        private volatile boolean rescued;

        /** The idle worker. */
        @Actor
        public void owner() {
            awaitStart();
            while (!ready) {
                gap();
                park.park();
            }
            returned = true;
        }

        /** A submitter: publish, unpark, then judge whether the owner got out. */
        @Actor
        public void submitter() {
            start();
            ready = true;
            park.unpark();
            rescued = awaitOrRescue(() -> returned, park.selector);
        }

        /** Records whether the submitter had to rescue the owner; closes the selector. */
        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = rescued ? 1 : 0;
            try {
                park.selector.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * {@link SelectorParkStress.ReadAfterShortRead} on a read that trusts an earlier arm: when
     * the cache says the pipe is drained, it returns {@code NOT_READY} without arming, as if
     * the interest still in the selector were enough. It is not: that arm has fired, and the
     * owner wakes only what is armed. Expected to FAIL (STALE) in most trials.
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "this trial read both bytes")
    @Outcome(id = "STALE", expect = FORBIDDEN,
            desc = "lost wake (the planted bug): NOT_READY without an arm, a byte left in the pipe")
    @State
    public static class ReadWithoutArm extends SelectorParkStress.ReadAfterShortRead {
        /** The worker. */
        @Actor
        public void owner() {
            runOwner();
        }

        /** The task on another thread. */
        @Signal
        public void task() {
            runTask();
        }

        @Override
        int read(ByteBuffer dst) {
            if (!reg.mayRead()) {
                // BUG: no arm
                return IoRegistration.NOT_READY;
            }
            try {
                return reg.read(pipe.source(), dst, () -> woken = true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The park's protocol with the flag cleared in the selector's action (as
     * {@link SelectorPark} does) and a planted bug after it: a select that reported only a key
     * nobody waits for (its interest dropped) selects again instead of returning, blocking
     * with the flag clear. An unpark that came after the action called no {@code wakeup()}.
     * Expected to FAIL (STALE). The same model in a plain two-thread loop (owner and
     * submitter as here, 200 ms to terminate) stalled in 17 of 300 trials on a loaded two-CPU
     * machine; a {@code -m quick} jcstress run there did not hit the window.
     */
    static final class ReselectAfterReportPark {
        final Selector selector;
        final AtomicInteger inSelect = new AtomicInteger();
        final AtomicInteger notified = new AtomicInteger();
        private boolean reported;

        ReselectAfterReportPark() {
            selector = openSelector();
        }

        void park() {
            inSelect.set(1);
            if (notified.getAndSet(0) != 0) {
                inSelect.set(0);
                return;
            }
            try {
                do {
                    reported = false;
                    selector.select(k -> {
                        inSelect.set(0);
                        reported = true;
                        // nobody armed it: dropped from the interest
                        k.interestOps(0);
                    });
                    // BUG: selects again after a report that woke nobody, with the flag clear
                } while (reported);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            inSelect.set(0);
            notified.getAndSet(0);
        }

        void unpark() {
            if (notified.getAndSet(1) == 0 && inSelect.get() != 0) {
                selector.wakeup();
            }
        }
    }

    /** The race of {@code SelectorParkStress.UnparkVsReport} on the broken park. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the unpark came before the report")
    @Outcome(id = "STALE", expect = FORBIDDEN,
            desc = "lost wake-up (the planted bug): selecting again with the flag cleared")
    @State
    public static class ReselectAfterReport extends AlignedStart {
        private final ReselectAfterReportPark park = new ReselectAfterReportPark();
        private final Pipe pipe;
        private volatile boolean ready;

        /** A readable pipe in the park's selector. */
        public ReselectAfterReport() {
            try {
                pipe = Pipe.open();
                pipe.source().configureBlocking(false);
                pipe.source().register(park.selector, SelectionKey.OP_READ);
                pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The idle worker. */
        @Actor
        public void owner() throws IOException {
            awaitStart();
            while (!ready) {
                gap();
                park.park();
                staleIfInterrupted();
            }
            park.selector.close();
            pipe.sink().close();
            pipe.source().close();
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
