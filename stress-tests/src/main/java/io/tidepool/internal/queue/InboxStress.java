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

import static io.tidepool.internal.queue.Outcomes.append;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.ZII_Result;
import org.openjdk.jcstress.infra.results.ZZI_Result;
import org.openjdk.jcstress.infra.results.ZZZ_Result;

/**
 * jcstress races of {@link Inbox}: producers against a claimed consumer (nothing lost or
 * duplicated, FIFO per producer), producers contending for one lane's lock, exclusivity and
 * hand-off of the consumer claim, offers against {@link Inbox#shut} and {@link Inbox#close} (an
 * accepted task is always found by a drain that starts after the call returns), and an offer
 * followed by a volatile read against a sleeper's volatile write followed by {@link
 * Inbox#isEmpty} (the wake-up Dekker that callers of {@code offer} rely on). Races that name a
 * lane use the package-private {@code offer(task, resubmission, lane)} to start both producers on
 * the same lane, so one of them finds the lock held.
 *
 * <p>Tasks carry the numbers 1 to 9; drained sequences use the digit encoding of
 * {@link Outcomes}. Every outcome not listed is FORBIDDEN.
 */
public final class InboxStress {
    private InboxStress() {
    }

    /** A task that only carries its number. */
    static final class Task implements Runnable {
        final int id;

        Task(int id) {
            this.id = id;
        }

        @Override
        public void run() {
        }
    }

    /**
     * Claims the inbox, drains it and releases it.
     *
     * @return the drained sequence, or -1 if the claim was held by someone else
     */
    static int claimAndDrain(Inbox inbox) {
        if (!inbox.tryClaim()) {
            return -1;
        }
        try {
            int[] sequence = {0};
            inbox.drain(t -> sequence[0] = append(sequence[0], ((Task) t).id), Integer.MAX_VALUE);
            return sequence[0];
        } finally {
            inbox.release();
        }
    }

    /**
     * One producer offers 1 then 2 while a consumer holding the claim drains: the consumer gets
     * a prefix of 1, 2 and the arbiter the rest.
     */
    @JCStressTest
    @Outcome(id = "2, 0, 12", expect = ACCEPTABLE, desc = "consumer drained before the offers landed")
    @Outcome(id = "2, 1, 2", expect = ACCEPTABLE, desc = "consumer drained between the two offers")
    @Outcome(id = "2, 12, 0", expect = ACCEPTABLE, desc = "consumer drained after both offers")
    @Outcome(expect = FORBIDDEN, desc = "a task lost, duplicated or reordered, an offer refused, or the claim not free")
    @State
    public static class ProducerVsClaimedConsumer {
        private final Inbox inbox = new Inbox();

        /** Offers 1 then 2; records how many were accepted. */
        @Actor
        public void producer(III_Result r) {
            int accepted = 0;
            accepted += inbox.offer(new Task(1), false) ? 1 : 0;
            accepted += inbox.offer(new Task(2), false) ? 1 : 0;
            r.r1 = accepted;
        }

        /** Claims and drains what is there. */
        @Actor
        public void consumer(III_Result r) {
            r.r2 = claimAndDrain(inbox);
        }

        /** Drains the rest. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = claimAndDrain(inbox);
        }
    }

    /** Two producers offer at once; the arbiter finds both tasks exactly once. */
    @JCStressTest
    @Outcome(id = "true, true, 12", expect = ACCEPTABLE, desc = "both accepted, 1 linked first")
    @Outcome(id = "true, true, 21", expect = ACCEPTABLE, desc = "both accepted, 2 linked first")
    @Outcome(expect = FORBIDDEN, desc = "an offer refused, or a task lost or duplicated")
    @State
    public static class TwoProducers {
        private final Inbox inbox = new Inbox();

        /** First producer. */
        @Actor
        public void producer1(ZZI_Result r) {
            r.r1 = inbox.offer(new Task(1), false);
        }

        /** Second producer. */
        @Actor
        public void producer2(ZZI_Result r) {
            r.r2 = inbox.offer(new Task(2), false);
        }

        /** Drains everything. */
        @Arbiter
        public void arbiter(ZZI_Result r) {
            r.r3 = claimAndDrain(inbox);
        }
    }

    /**
     * Two producers start on the same lane: one locks it, the other either finds it held and moves
     * to the next lane, or locks it after the first unlocked (and must see the first one's
     * producer fields). Columns: tasks accepted by each producer, the sequence the arbiter
     * drains (lane 0 first), and how many of the two were on lane 0 before the drain (1: a
     * producer found the lock held and moved).
     */
    @JCStressTest
    @Outcome(id = "1, 1, 12, 2", expect = ACCEPTABLE, desc = "both on lane 0, one after the other, 1 first")
    @Outcome(id = "1, 1, 21, 2", expect = ACCEPTABLE, desc = "both on lane 0, one after the other, 2 first")
    @Outcome(id = "1, 1, 12, 1", expect = ACCEPTABLE, desc = "producer 2 found lane 0 locked and moved to lane 1")
    @Outcome(id = "1, 1, 21, 1", expect = ACCEPTABLE, desc = "producer 1 found lane 0 locked and moved to lane 1")
    @Outcome(expect = FORBIDDEN, desc = "an offer refused, or a task lost or duplicated")
    @State
    public static class TwoProducersOneLane {
        private final Inbox inbox = new Inbox();

        /** First producer, home lane 0. */
        @Actor
        public void producer1(IIII_Result r) {
            r.r1 = inbox.offer(new Task(1), false, 0) ? 1 : 0;
        }

        /** Second producer, home lane 0. */
        @Actor
        public void producer2(IIII_Result r) {
            r.r2 = inbox.offer(new Task(2), false, 0) ? 1 : 0;
        }

        /** Counts lane 0, then drains everything. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            r.r4 = inbox.laneSize(0);
            r.r3 = claimAndDrain(inbox);
        }
    }

    /**
     * Two producers offer two tasks each, both starting on lane 0, so the lock changes hands and
     * producers move between lanes several times in one sample. Columns: tasks accepted by each
     * producer, tasks the arbiter drained, and the set drained as a bit mask (bit i for task i;
     * 30 is tasks 1 to 4). Order is not checked: a producer that moved lanes may be reordered.
     */
    @JCStressTest
    @Outcome(id = "2, 2, 4, 30", expect = ACCEPTABLE, desc = "all four accepted and drained exactly once")
    @Outcome(expect = FORBIDDEN, desc = "an offer refused, or a task lost or duplicated (lane producer fields not handed over with the lock)")
    @State
    public static class TwoProducersOneLaneTwiceEach {
        private final Inbox inbox = new Inbox();

        /** Offers 1 then 2 from lane 0. */
        @Actor
        public void producer1(IIII_Result r) {
            r.r1 = (inbox.offer(new Task(1), false, 0) ? 1 : 0) + (inbox.offer(new Task(2), false, 0) ? 1 : 0);
        }

        /** Offers 3 then 4 from lane 0. */
        @Actor
        public void producer2(IIII_Result r) {
            r.r2 = (inbox.offer(new Task(3), false, 0) ? 1 : 0) + (inbox.offer(new Task(4), false, 0) ? 1 : 0);
        }

        /** Drains everything, counting tasks and collecting their bits. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            if (!inbox.tryClaim()) {
                r.r3 = -1;
                return;
            }
            try {
                int[] countAndMask = {0, 0};
                inbox.drain(t -> {
                    countAndMask[0]++;
                    countAndMask[1] |= 1 << ((Task) t).id;
                }, Integer.MAX_VALUE);
                r.r3 = countAndMask[0];
                r.r4 = countAndMask[1];
            } finally {
                inbox.release();
            }
        }
    }

    /** Two threads try to claim a free inbox and keep the claim: exactly one succeeds. */
    @JCStressTest
    @Outcome(id = "true, false, false", expect = ACCEPTABLE, desc = "first claimed; the claim is still held afterwards")
    @Outcome(id = "false, true, false", expect = ACCEPTABLE, desc = "second claimed; the claim is still held afterwards")
    @Outcome(expect = FORBIDDEN, desc = "both or neither claimed, or the claim was free afterwards")
    @State
    public static class TryClaimExclusivity {
        private final Inbox inbox = new Inbox();

        /** First claimant. */
        @Actor
        public void claimant1(ZZZ_Result r) {
            r.r1 = inbox.tryClaim();
        }

        /** Second claimant. */
        @Actor
        public void claimant2(ZZZ_Result r) {
            r.r2 = inbox.tryClaim();
        }

        /** Tries to claim after both: must fail, one of them holds it. */
        @Arbiter
        public void arbiter(ZZZ_Result r) {
            r.r3 = inbox.tryClaim();
        }
    }

    /**
     * Two threads each claim, poll one task and release, on an inbox holding 1 and 2. When both
     * get the claim one after the other, the second must see the first one's progress (the
     * release store in release() pairs with the CAS in tryClaim()), so no task is polled twice.
     */
    @JCStressTest
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "first consumer polled 1, then second polled 2")
    @Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "second consumer polled 1, then first polled 2")
    @Outcome(id = "1, -1, 2", expect = ACCEPTABLE, desc = "second found the claim held; arbiter found 2")
    @Outcome(id = "-1, 1, 2", expect = ACCEPTABLE, desc = "first found the claim held; arbiter found 2")
    @Outcome(expect = FORBIDDEN, desc = "a task polled twice or lost: consumer progress not handed over with the claim")
    @State
    public static class ClaimHandOff {
        private final Inbox inbox = new Inbox();

        /** Queues 1 and 2. */
        public ClaimHandOff() {
            inbox.offer(new Task(1), false);
            inbox.offer(new Task(2), false);
        }

        private int pollOne() {
            if (!inbox.tryClaim()) {
                return -1;
            }
            try {
                Runnable t = inbox.relaxedPoll();
                return t == null ? 0 : ((Task) t).id;
            } finally {
                inbox.release();
            }
        }

        /** First consumer. */
        @Actor
        public void consumer1(III_Result r) {
            r.r1 = pollOne();
        }

        /** Second consumer. */
        @Actor
        public void consumer2(III_Result r) {
            r.r2 = pollOne();
        }

        /** Drains the rest. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = claimAndDrain(inbox);
        }
    }

    /**
     * A new task's offer against close(): either the offer returns true and the task is found by
     * the drain the closer starts after close() returns, or it returns false and the task is
     * nowhere. Nothing arrives after close() returned.
     */
    @JCStressTest
    @Outcome(id = "true, 1, 0", expect = ACCEPTABLE, desc = "offer accepted before the inbox closed; the closer's drain found it")
    @Outcome(id = "false, 0, 0", expect = ACCEPTABLE, desc = "offer refused by the closed inbox; nothing queued")
    @Outcome(expect = FORBIDDEN, desc = "accepted but missing, refused but present, or queued after close() returned")
    @State
    public static class OfferVsClose {
        private final Inbox inbox = new Inbox();

        /** Offers a new task. */
        @Actor
        public void producer(ZII_Result r) {
            r.r1 = inbox.offer(new Task(1), false);
        }

        /** Closes, then drains. */
        @Actor
        public void closer(ZII_Result r) {
            inbox.close();
            r.r2 = claimAndDrain(inbox);
        }

        /** Drains whatever arrived after the closer's drain. */
        @Arbiter
        public void arbiter(ZII_Result r) {
            r.r3 = claimAndDrain(inbox);
        }
    }

    /** Like {@link OfferVsClose} with shut(): a shut inbox refuses new tasks too. */
    @JCStressTest
    @Outcome(id = "true, 1, 0", expect = ACCEPTABLE, desc = "offer accepted before the inbox shut; the shutter's drain found it")
    @Outcome(id = "false, 0, 0", expect = ACCEPTABLE, desc = "offer refused by the shut inbox; nothing queued")
    @Outcome(expect = FORBIDDEN, desc = "accepted but missing, refused but present, or queued after shut() returned")
    @State
    public static class NewOfferVsShut {
        private final Inbox inbox = new Inbox();

        /** Offers a new task. */
        @Actor
        public void producer(ZII_Result r) {
            r.r1 = inbox.offer(new Task(1), false);
        }

        /** Shuts, then drains. */
        @Actor
        public void shutter(ZII_Result r) {
            inbox.shut();
            r.r2 = claimAndDrain(inbox);
        }

        /** Drains whatever arrived after the shutter's drain. */
        @Arbiter
        public void arbiter(ZII_Result r) {
            r.r3 = claimAndDrain(inbox);
        }
    }

    /**
     * A resubmission against shut(): always accepted; found by the shutter's drain if it landed
     * before shut() returned, otherwise by the arbiter.
     */
    @JCStressTest
    @Outcome(id = "true, 1, 0", expect = ACCEPTABLE, desc = "resubmission landed before the shutter drained")
    @Outcome(id = "true, 0, 1", expect = ACCEPTABLE, desc = "resubmission landed after the shutter drained; still accepted")
    @Outcome(expect = FORBIDDEN, desc = "resubmission refused by a shut inbox, lost, or duplicated")
    @State
    public static class ResubmissionVsShut {
        private final Inbox inbox = new Inbox();

        /** Resubmits a task. */
        @Actor
        public void producer(ZII_Result r) {
            r.r1 = inbox.offer(new Task(1), true);
        }

        /** Shuts, then drains. */
        @Actor
        public void shutter(ZII_Result r) {
            inbox.shut();
            r.r2 = claimAndDrain(inbox);
        }

        /** Drains the rest. */
        @Arbiter
        public void arbiter(ZII_Result r) {
            r.r3 = claimAndDrain(inbox);
        }
    }

    /**
     * Like {@link OfferVsClose}, with the closer first offering on the producer's lane: the
     * producer may find its home lane locked and offer on the next one while the closer closes.
     * The closer's own task is always accepted (it offers before it closes).
     */
    @JCStressTest
    @Outcome(id = "true, 12, 0", expect = ACCEPTABLE, desc = "both accepted; the closer's drain found both, 1 on lane 0")
    @Outcome(id = "true, 21, 0", expect = ACCEPTABLE, desc = "both accepted; the closer's drain found both, 2 on lane 0")
    @Outcome(id = "false, 2, 0", expect = ACCEPTABLE, desc = "producer refused by the closed inbox; the closer's drain found its own task")
    @Outcome(expect = FORBIDDEN, desc = "accepted but missing, refused but present, or queued after close() returned")
    @State
    public static class OfferVsCloseOnSharedLane {
        private final Inbox inbox = new Inbox();

        /** Offers a new task from lane 0. */
        @Actor
        public void producer(ZII_Result r) {
            r.r1 = inbox.offer(new Task(1), false, 0);
        }

        /** Offers its own task from lane 0, closes, then drains. */
        @Actor
        public void closer(ZII_Result r) {
            inbox.offer(new Task(2), false, 0);
            inbox.close();
            r.r2 = claimAndDrain(inbox);
        }

        /** Drains whatever arrived after the closer's drain. */
        @Arbiter
        public void arbiter(ZII_Result r) {
            r.r3 = claimAndDrain(inbox);
        }
    }

    /**
     * The Dekker pair the pool's wake-up relies on ({@code Pool.pushRemote} then {@code
     * notifyParked} against {@code WorkerLoop.park}, and {@code ReactorWake}): the submitter
     * offers and then reads a volatile idle word; the sleeper writes the word with a volatile
     * store and then calls {@link Inbox#isEmpty}. The offer's volatile unlock must keep the read
     * from passing the queue's stores. r1 = 1 if the sleeper saw the task, r2 = 1 if the submitter
     * saw the sleeper.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost wake-up: the sleeper saw an empty inbox and the submitter saw it awake")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the sleeper saw the task; the submitter read the word before the sleeper wrote it")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the sleeper looked before the offer; the submitter saw it asleep and would wake it")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both saw each other: a redundant wake")
    @State
    public static class OfferThenReadVsWriteThenCheck {
        private final Inbox inbox = new Inbox();
        private volatile int sleeping;

        /** Offers, then reads the idle word. */
        @Actor
        public void submitter(II_Result r) {
            inbox.offer(new Task(1), false);
            r.r2 = sleeping;
        }

        /** Writes the idle word, then looks at the inbox. */
        @Actor
        public void sleeper(II_Result r) {
            sleeping = 1;
            r.r1 = inbox.isEmpty() ? 0 : 1;
        }
    }
}
