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
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * {@link SelectorPark}: a wake or a registration racing the owner entering select is never
 * lost, and readiness racing a close always wakes the waiting task. Most races are
 * termination tests: the owner loops in {@code park()} until its condition holds, and a lost
 * wake-up leaves it blocked in select for ever (STALE). The owner closes the selector and the
 * pipe when it gets out, so the trials do not pile up descriptors.
 *
 * <p>jcstress runs a termination test for a time per iteration, which {@code -m sanity} sets
 * to 0: there these tests run no trial. Run them with {@code -m quick} or longer.
 * {@link UnparkVsSelect} and {@link UnparkVsReport} are not termination tests (two actors, one
 * of which judges, and an arbiter) and run in every mode.
 */
public final class SelectorParkStress {
    private SelectorParkStress() {}

    /** A park of its own (worker 0) in a reactor where no thread is a worker. */
    abstract static class OneWorker extends AlignedStart {
        final Selectors group = new Selectors(() -> -1);
        final SelectorPark park = group.newPark(0);

        OneWorker() {
            group.seal();
        }
    }

    /**
     * The owner selects until a flag is set; the submitter sets it and unparks, at a point of
     * the owner's way into select that differs per trial ({@link AlignedStart#start}): before
     * its flag, between flag and permit, in select. Two actors and an arbiter rather than a
     * termination test, so that {@code -m sanity} runs it: the submitter judges, as in
     * {@link UnparkVsReport}. Its planted-bug twin,
     * {@link BrokenSelectorParkStress.UnparkReadsFlagFirst}, fails in sanity mode.
     */
    @JCStressTest
    @Outcome(id = "0", expect = ACCEPTABLE,
            desc = "the owner saw the flag, the permit before select, or wakeup() ended its select")
    @Outcome(id = "1", expect = FORBIDDEN,
            desc = "lost wake-up: the owner stays in select after the flag was set and unpark called")
    @State
    public static class UnparkVsSelect extends OneWorker {
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
            park.unparker().unpark();
            rescued = awaitOrRescue(() -> returned, park.selector());
        }

        /** Records whether the submitter had to rescue the owner; closes the selector. */
        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = rescued ? 1 : 0;
            park.close();
        }
    }

    /** A pipe whose read end is tracked by the reactor; {@code woken} is its waker's mark. */
    abstract static class PipeWorker extends OneWorker {
        final Pipe pipe;
        final IoRegistration reg;
        volatile boolean woken;

        PipeWorker() {
            try {
                pipe = Pipe.open();
                pipe.source().configureBlocking(false);
                reg = group.register(pipe.source());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        final void writeByte() {
            try {
                pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Loops in select until the waker ran, then releases everything. */
        final void selectUntilWoken() {
            while (!woken) {
                gap();
                park.park();
            }
            release();
        }

        /** Closes the park (with it the pipe's read end) and the pipe's write end. */
        final void release() {
            park.close();
            try {
                pipe.sink().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Data arrives first, then a task on another thread arms the read: the registration is
     * queued to the owner, which is entering select. Level-triggered readiness must still
     * wake the task. Seen failing with the unpark left out of {@link SelectorPark#submit} (not
     * committed): 8 STALE of 647 trials, {@code -m quick}.
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "the owner applied the queued registration and its select reported the byte")
    @Outcome(id = "STALE", expect = FORBIDDEN,
            desc = "lost registration: the owner selects without the queued interest, or missed the readiness")
    @State
    public static class ArmVsSelect extends PipeWorker {
        /** The idle worker. */
        @Actor
        public void owner() {
            awaitStart();
            selectUntilWoken();
        }

        /** A task on another thread: the data is there, then it waits for more. */
        @Signal
        public void task() {
            start();
            writeByte();
            reg.arm(SelectionKey.OP_READ, () -> woken = true);
        }
    }

    /**
     * The read is armed and its data is ready (both before the race); a close from another
     * thread races the owner's select that reports the readiness. Whichever wins, the task
     * is woken: by the readiness, by the close, or by the failed registration of a closed
     * channel. Seen failing with the wake left out of {@link IoRegistration#close} (not
     * committed): 1 STALE of 4,564 trials, {@code -m quick}.
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "the task was woken by the readiness or by the close")
    @Outcome(id = "STALE", expect = FORBIDDEN,
            desc = "lost wake: a close racing the readiness left the task waiting")
    @State
    public static class ReadinessVsClose extends PipeWorker {
        /** The armed task's waker, set before the race. */
        public ReadinessVsClose() {
            writeByte();
            reg.arm(SelectionKey.OP_READ, () -> woken = true);
        }

        /** The worker: its select applies the registration and sees the byte. */
        @Actor
        public void owner() {
            awaitStart();
            selectUntilWoken();
        }

        /** Another thread closes the stream. */
        @Signal
        public void closer() {
            start();
            try {
                reg.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The readiness cache (see {@link IoRegistration#read}) against the owner's selects: a
     * task on another thread reads a byte that was there (a short read: the flag is cleared),
     * then a second byte arrives and the task reads again. Its clear races the owner's select
     * that reports the channel readable (which sets the flag), and its second read may find
     * the flag clear and arm without reading, while the interest is still there from the
     * earlier arm, which has fired. Whatever the order, a read that returns {@code NOT_READY}
     * with a byte left in the pipe must be woken. The task is done when it has read both.
     */
    public abstract static class ReadAfterShortRead extends PipeWorker {
        volatile boolean done;

        /** An earlier read armed and its data arrived: the owner's first select fires it. */
        protected ReadAfterShortRead() {
            writeByte();
            reg.arm(SelectionKey.OP_READ, () -> { });
        }

        /** The read under test: {@link IoRegistration#read}, or a broken copy. */
        abstract int read(ByteBuffer dst);

        /** The worker: selects until the task was woken or is done. */
        final void runOwner() {
            awaitStart();
            while (!woken && !done) {
                gap();
                park.park();
            }
            release();
        }

        /** The task: reads, the second byte arrives, reads until it would wait. */
        final void runTask() {
            start();
            final ByteBuffer dst = ByteBuffer.allocate(8);
            int got = 0;
            int n = read(dst);
            got += n > 0 ? n : 0;
            writeByte();
            while ((n = read(dst)) != IoRegistration.NOT_READY) {
                got += n;
            }
            if (got == 2) {
                // nothing left to wait for
                done = true;
                park.unparker().unpark();
            }
        }
    }

    /** {@link ReadAfterShortRead} on {@link IoRegistration#read}. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "the task read both bytes, or its read that returned NOT_READY was woken")
    @Outcome(id = "STALE", expect = FORBIDDEN,
            desc = "lost wake: a read returned NOT_READY with a byte in the pipe and nobody woke it")
    @State
    public static class StaleClearVsSelect extends ReadAfterShortRead {
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
            try {
                return reg.read(pipe.source(), dst, () -> woken = true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * An unpark after the park cleared its "in select" flag in the selector's action, before
     * the select returns. Such an unpark reads the flag clear and calls no {@code wakeup()}:
     * the park must return after the select that reported and take the permit, and never wait
     * again with the flag clear. The read is armed on a readable pipe, so the owner's first
     * select reports it; the armed waker runs inside that action, after the clear, and the
     * submitter unparks only once it ran (after a delay that differs per trial), so every
     * trial puts the unpark in the window after the clear, near it or a few parks later.
     *
     * <p>Not a termination test: jcstress runs those for a time, and {@code -m sanity} gives
     * them none, so they run no trial there. Here the submitter judges instead
     * ({@link AlignedStart#awaitOrRescue}): a park still waiting a second after the unpark lost
     * it (the park it waits in reports the byte at once, or is woken by the unpark's
     * {@code wakeup()} or permit). The submitter then ends that wait with a {@code wakeup()}
     * of its own, so the trial ends.
     */
    @JCStressTest
    @Outcome(id = "0", expect = ACCEPTABLE,
            desc = "the owner's park returned after the unpark and the owner saw the flag")
    @Outcome(id = "1", expect = FORBIDDEN,
            desc = "lost wake-up: the flag was cleared in the action and the owner waits again unwoken")
    @State
    public static class UnparkVsReport extends PipeWorker {
        private volatile boolean ready;
        private volatile boolean reported;
        private volatile boolean returned;
        private volatile boolean rescued;

        /** A registered pipe whose armed read becomes ready before the race. */
        public UnparkVsReport() {
            reg.arm(SelectionKey.OP_READ, () -> reported = true);
            // applies the registration and takes the permit the arm left, with nothing to read
            park.park(Duration.ZERO);
            writeByte();
        }

        /** The idle worker: parks until it sees the flag. */
        @Actor
        public void owner() {
            awaitStart();
            while (!ready) {
                gap();
                park.park();
            }
            returned = true;
        }

        /**
         * A submitter: once the select reported, publishes and unparks, then waits for the
         * owner to get out, and gets it out with a {@code wakeup()} of its own if it lost the
         * unpark.
         */
        @Actor
        public void submitter() {
            start();
            while (!reported) {
                Thread.onSpinWait();
            }
            ready = true;
            park.unparker().unpark();
            rescued = awaitOrRescue(() -> returned, park.selector());
        }

        /** Records whether the submitter had to rescue the owner; frees the descriptors. */
        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = rescued ? 1 : 0;
            release();
        }
    }
}
