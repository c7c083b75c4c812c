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

import static io.tidepool.internal.queue.InboxStress.claimAndDrain;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.tidepool.internal.queue.InboxStress.Task;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress races of the lane quota of {@link Inbox#offerNew} (the {@code maxQueued} bound): two
 * producers race for the last slot of a lane, and a producer races a consumer's take. The bound claims
 * no overshoot at all: a lane never holds more than its quota, however the producers' room
 * checks (a cached limit, a volatile read of the consumer index) interleave with the take.
 * Seen failing: with the room checked before the lane lock (check-then-act) instead of under
 * it, {@code TwoProducersLastSlot} reports the FORBIDDEN overshoot outcomes in a sanity run.
 * Drained sequences use the digit encoding of {@link Outcomes}. Every outcome not listed is
 * FORBIDDEN.
 */
public final class BoundedInboxStress {
    private BoundedInboxStress() {}

    /** Quota 1 on lane 0, none on the others: one slot in the whole inbox. */
    static int[] oneSlot() {
        final int[] quotas = new int[Inbox.LANES];
        quotas[0] = 1;
        return quotas;
    }

    /** Claims the inbox and takes at most one task; its id, 0 for none, -1 if the claim was held. */
    static int takeOne(Inbox inbox) {
        if (!inbox.tryClaim()) {
            return -1;
        }
        try {
            final Runnable t = inbox.relaxedPoll();
            return t == null ? 0 : ((Task) t).id;
        } finally {
            inbox.release();
        }
    }

    /**
     * Two producers race for the one slot of an empty inbox: exactly one gets it. The second
     * locker reads the first one's producer index and cached limit through the lane lock.
     * Columns: each producer's outcome (0 accepted, 1 full) and the sequence the arbiter drains.
     */
    @JCStressTest
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "1 took the slot, 2 found the lane full")
    @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "2 took the slot, 1 found the lane full")
    @Outcome(id = "0, 0, 12", expect = FORBIDDEN, desc = "overshoot: two tasks in a lane of quota 1")
    @Outcome(id = "0, 0, 21", expect = FORBIDDEN, desc = "overshoot: two tasks in a lane of quota 1")
    @Outcome(expect = FORBIDDEN, desc = "both refused with room left, or a task lost or duplicated")
    @State
    public static class TwoProducersLastSlot {
        private final Inbox inbox = new Inbox(oneSlot());

        /** First producer, home lane 0. */
        @Actor
        public void producer1(III_Result r) {
            r.r1 = inbox.offerNew(new Task(1), 0);
        }

        /** Second producer, home lane 0. */
        @Actor
        public void producer2(III_Result r) {
            r.r2 = inbox.offerNew(new Task(2), 0);
        }

        /** Drains what is there. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = claimAndDrain(inbox);
        }
    }

    /**
     * The slot holds task 9; a producer offers 1 then 2 while a consumer takes one task. The
     * take frees one slot, so at most one of 1 and 2 may be accepted: accepting 1 before the take
     * was visible and 2 after it would put two tasks in the lane at once. Columns: how many of
     * the producer's tasks were accepted, the task the consumer took, the sequence the arbiter
     * drains.
     */
    @JCStressTest
    @Outcome(id = "0, 9, 0", expect = ACCEPTABLE, desc = "the producer found the lane full both times")
    @Outcome(id = "1, 9, 1", expect = ACCEPTABLE, desc = "the producer saw the take at its first offer")
    @Outcome(id = "1, 9, 2", expect = ACCEPTABLE, desc = "the producer saw the take at its second offer")
    @Outcome(id = "2, 9, 12", expect = FORBIDDEN, desc = "overshoot: a task accepted into the full lane")
    @Outcome(expect = FORBIDDEN, desc = "a task lost, duplicated or reordered, or accepted into a full lane")
    @State
    public static class ProducerAgainstTake {
        private final Inbox inbox = new Inbox(oneSlot());

        /** Fills the slot with task 9. */
        public ProducerAgainstTake() {
            inbox.offerNew(new Task(9), 0);
        }

        /** Offers 1 then 2; counts the accepted. */
        @Actor
        public void producer(III_Result r) {
            r.r1 = (inbox.offerNew(new Task(1), 0) == Inbox.ACCEPTED ? 1 : 0)
                    + (inbox.offerNew(new Task(2), 0) == Inbox.ACCEPTED ? 1 : 0);
        }

        /** Takes task 9. */
        @Actor
        public void consumer(III_Result r) {
            r.r2 = takeOne(inbox);
        }

        /** Drains what is left. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = claimAndDrain(inbox);
        }
    }

    /**
     * A lane of quota 2 in chunks of 2: the producer offers 1 and 2 (the fast path, below the
     * lane's limit, which is both the room and the chunk's end) and then 3, which finds the
     * lane at its limit and goes out of line after the unlock: the lane locked again, its
     * consumer index re-read, and, if the consumer's take of 1 is seen, a new chunk linked for
     * 3. Columns: how many of the producer's tasks were accepted, the task the consumer took (0
     * if it found the lane empty), the sequence the arbiter drains. Seen failing: with the fast
     * path's compare planted as {@code p <= limit} (an offer at the link index into the old
     * chunk), a sanity run reports the FORBIDDEN {@code 3, 3, 2} and {@code 3, 0, 32}.
     */
    @JCStressTest
    @Outcome(id = "2, 0, 12", expect = ACCEPTABLE,
            desc = "the take came first and found nothing; 3 found the lane full")
    @Outcome(id = "2, 1, 2", expect = ACCEPTABLE,
            desc = "the consumer took 1, after 3's re-read of its index")
    @Outcome(id = "3, 1, 23", expect = ACCEPTABLE,
            desc = "3 saw the take of 1 and went into a new chunk")
    @Outcome(id = "3, 0, 123", expect = FORBIDDEN,
            desc = "overshoot: three tasks in a lane of quota 2")
    @Outcome(expect = FORBIDDEN,
            desc = "a task lost, duplicated or reordered across the chunk link")
    @State
    public static class ProducerPastChunkLinkAgainstTake {
        private final Inbox inbox;

        /** Quota 2 on lane 0, none elsewhere, chunks of 2 slots. */
        public ProducerPastChunkLinkAgainstTake() {
            final int[] quotas = new int[Inbox.LANES];
            quotas[0] = 2;
            inbox = new Inbox(quotas, 2);
        }

        /** Offers 1, 2 and 3; counts the accepted. */
        @Actor
        public void producer(III_Result r) {
            int accepted = 0;
            for (int id = 1; id <= 3; id++) {
                accepted += inbox.offerNew(new Task(id), 0) == Inbox.ACCEPTED ? 1 : 0;
            }
            r.r1 = accepted;
        }

        /** Takes one task if there is one. */
        @Actor
        public void consumer(III_Result r) {
            r.r2 = takeOne(inbox);
        }

        /** Drains what is left. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = claimAndDrain(inbox);
        }
    }

    /**
     * Offer then wake, Dekker with a worker going to sleep, for the offer every outside
     * submission makes: {@code offerNew}'s first try (the home lane, with room), then a volatile
     * read of an idle word, against a volatile write of that word and then {@code isEmpty}.
     * Every outside submission of a pool, bounded or not, relies on the offer ending with a
     * volatile store (the lane unlock). Seen failing: with that unlock planted as a release
     * store, a quick-mode run ({@code -m quick}) reports the FORBIDDEN {@code 0, 0}.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "lost wake-up: the sleeper saw an empty inbox and the submitter saw it awake")
    @Outcome(id = {"1, 0", "0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "one side saw the other")
    @State
    public static class OfferNewThenReadVsWriteThenCheck {
        private final Inbox inbox = new Inbox();
        private volatile int sleeping;

        /** Offers a new task on lane 0, then reads the idle word. */
        @Actor
        public void submitter(II_Result r) {
            inbox.offerNew(new Task(1), 0);
            r.r2 = sleeping;
        }

        /** Writes the idle word, then looks at the inbox. */
        @Actor
        public void sleeper(II_Result r) {
            sleeping = 1;
            r.r1 = inbox.isEmpty() ? 0 : 1;
        }
    }

    /**
     * As {@link OfferNewThenReadVsWriteThenCheck} when the home lane is full: the task goes to
     * lane 1 through {@code offerNew}'s out-of-line walk, whose unlock must be volatile too.
     * Seen failing with that unlock planted as a release store, as above.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN,
            desc = "lost wake-up: the sleeper saw an empty inbox and the submitter saw it awake")
    @Outcome(id = {"1, 0", "0, 1", "1, 1"}, expect = ACCEPTABLE, desc = "one side saw the other")
    @State
    public static class OfferNewPastFullLaneThenReadVsWriteThenCheck {
        private final Inbox inbox = new Inbox(roomOnLaneOne());
        private volatile int sleeping;

        /** Offers a new task from home lane 0 (quota 0), so it lands on lane 1; then reads. */
        @Actor
        public void submitter(II_Result r) {
            if (inbox.offerNew(new Task(1), 0) != Inbox.ACCEPTED) {
                throw new IllegalStateException("lane 1 had room");
            }
            r.r2 = sleeping;
        }

        /** Writes the idle word, then looks at the inbox. */
        @Actor
        public void sleeper(II_Result r) {
            sleeping = 1;
            r.r1 = inbox.isEmpty() ? 0 : 1;
        }

        private static int[] roomOnLaneOne() {
            final int[] quotas = new int[Inbox.LANES];
            quotas[1] = 1;
            return quotas;
        }
    }
}
