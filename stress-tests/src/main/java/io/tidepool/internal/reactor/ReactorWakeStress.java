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

package io.tidepool.internal.reactor;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.tidepool.internal.park.IdleSet;
import io.tidepool.internal.park.ThreadPark;
import io.tidepool.internal.queue.Inbox;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The reactor's wake word ({@link ReactorWake}) against a submitter: a message sent to an idling
 * reactor is never left waiting for the idle strategy's park to time out.
 */
public final class ReactorWakeStress {
    private ReactorWakeStress() {}

    private static final Runnable MESSAGE = () -> {};

    /**
     * The Dekker core of the protocol, both sides straight-line. Reactor: arm, then look at the
     * inbox. Submitter: offer, then read the wake word. r1 = 1 if the reactor saw the message,
     * r2 = 1 if the submitter saw the reactor armed (and would unpark it).
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "lost wake-up: the reactor saw an empty inbox and the submitter saw it running")
    @Outcome(id = "1, 0", expect = ACCEPTABLE,
            desc = "the reactor saw the message; the submitter read the word before the arm")
    @Outcome(id = "0, 1", expect = ACCEPTABLE,
            desc = "the reactor looked before the offer; the submitter saw it armed and unparks it")
    @Outcome(id = "1, 1", expect = ACCEPTABLE,
            desc = "both saw each other: a redundant unpark (one early park return)")
    @State
    public static class ArmVsOffer {
        private final Inbox inbox = new Inbox();
        private final ReactorWake wake = new ReactorWake();

        /** The reactor, at the end of a turn that found no work (ReactorLoop.run). */
        @Actor
        public void reactor(II_Result r) {
            wake.arm();
            r.r1 = inbox.isEmpty() ? 0 : 1;
        }

        /** A submitter: the inbox offer, then the read inside wakeAfterPublish. */
        @Actor
        public void submitter(II_Result r) {
            inbox.offer(MESSAGE, false);
            r.r2 = wake.lvState() == ReactorWake.IDLING ? 1 : 0;
        }
    }

    /**
     * The same during SHUTDOWN, when an idle reactor sleeps in the pool's idle set: it moves to
     * parked, stores SLEEPING, then re-checks its queues. r1 = 1 if it saw the message, r2 = 1 if
     * the submitter saw SLEEPING (and would unpark it through the idle set).
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "lost wake-up: the sleeper saw empty queues and the submitter saw it running")
    @Outcome(id = "1, 0", expect = ACCEPTABLE,
            desc = "the sleeper saw the message and stays awake")
    @Outcome(id = "0, 1", expect = ACCEPTABLE,
            desc = "the submitter saw SLEEPING and wakes it through the idle set")
    @Outcome(id = "1, 1", expect = ACCEPTABLE,
            desc = "both saw each other: the sleeper un-parks itself, the wake is redundant")
    @State
    public static class SleepVsOffer {
        private final Inbox inbox = new Inbox();
        private final ReactorWake wake = new ReactorWake();
        private final IdleSet idle = new IdleSet(1);

        /** The reactor in ReactorLoop.sleepForShutdown, up to its re-check. */
        @Actor
        public void reactor(II_Result r) {
            idle.transitionToParked(0, false);
            wake.sleeping();
            r.r1 = inbox.isEmpty() ? 0 : 1;
        }

        /** A submitter from inside the pool: a resubmission passes the shut gate. */
        @Actor
        public void submitter(II_Result r) {
            inbox.offer(MESSAGE, true);
            r.r2 = wake.lvState() == ReactorWake.SLEEPING ? 1 : 0;
        }
    }

    /**
     * The whole idle path with a real park: the reactor loops as ReactorLoop.run does (take a
     * message, else arm and take one more turn, else re-check and park with no timeout, so that
     * a lost wake-up never ends); the submitter offers and calls
     * {@link ReactorWake#wakeAfterPublish}.
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "the reactor took the message, before idling or after being unparked")
    @Outcome(id = "STALE", expect = FORBIDDEN,
            desc = "lost wake-up: the reactor stays parked with a message in its inbox")
    @State
    public static class IdleVsSubmit {
        private final Inbox inbox = new Inbox();
        private final ReactorWake wake = new ReactorWake();
        private final IdleSet idle = new IdleSet(1);
        private final ThreadPark park = new ThreadPark();
        private volatile boolean started;

        /** The reactor's idle path. */
        @Actor
        public void reactor() {
            wake.bind();
            // jcstress signals about a millisecond after the actor starts; line both up so the
            // race happens (the signal never waits for us, so this cannot hide a lost wake-up)
            while (!started) {
                Thread.onSpinWait();
            }
            while (true) {
                if (take() != null) {
                    wake.disarm();
                    return;
                }
                if (!wake.lpArmed()) {
                    wake.arm();
                    continue;
                }
                if (!inbox.isEmpty()) {
                    continue;
                }
                Thread.interrupted();
                LockSupport.park(this);
            }
        }

        /** The submitter. */
        @Signal
        public void submit() {
            started = true;
            inbox.offer(MESSAGE, false);
            wake.wakeAfterPublish(idle, 0, park, failure -> { });
        }

        private Runnable take() {
            if (inbox.isEmpty() || !inbox.tryClaim()) {
                return null;
            }
            try {
                return inbox.relaxedPoll();
            } finally {
                inbox.release();
            }
        }
    }
}
