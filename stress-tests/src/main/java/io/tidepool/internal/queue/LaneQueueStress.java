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
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.ZI_Result;

/**
 * jcstress races of {@link LaneQueue}, the inbox lane's queue, with chunks of two slots so that
 * the offers cross a chunk link: a producer against a consumer (every element taken once, in
 * order, the link followed only once published), and an offer against {@link LaneQueue#isEmpty}
 * after a take. Sequences use the digit encoding of {@link Outcomes}; every outcome not listed
 * is FORBIDDEN.
 */
public final class LaneQueueStress {
    private LaneQueueStress() {
    }

    /** Takes everything there is, as a digit sequence. */
    static int drain(LaneQueue q) {
        int sequence = 0;
        Object e;
        while ((e = q.relaxedPoll()) != null) {
            sequence = append(sequence, (Integer) e);
        }
        return sequence;
    }

    /**
     * The producer offers 1, 2, 3 at indices 1 to 3 (3 is the first of a new chunk) while the
     * consumer takes three times; the arbiter takes the rest.
     */
    @JCStressTest
    @Outcome(id = "0, 123", expect = ACCEPTABLE, desc = "consumer before the offers")
    @Outcome(id = "1, 23", expect = ACCEPTABLE, desc = "consumer after the first offer")
    @Outcome(id = "12, 3", expect = ACCEPTABLE, desc = "consumer before the linking offer")
    @Outcome(id = "123, 0", expect = ACCEPTABLE, desc = "consumer after every offer")
    @Outcome(expect = FORBIDDEN, desc = "an element lost, duplicated or reordered, or a link followed unpublished")
    @State
    public static class ProducerVsConsumerAcrossChunks {
        private final LaneQueue q = new LaneQueue(2);

        public ProducerVsConsumerAcrossChunks() {
            // one offered and taken: the next chunk starts at the race's third offer
            q.offer(9);
            q.relaxedPoll();
        }

        /** Offers 1, 2, 3. */
        @Actor
        public void producer() {
            q.offer(1);
            q.offer(2);
            q.offer(3);
        }

        /** Takes up to three, stopping at the first empty look. */
        @Actor
        public void consumer(II_Result r) {
            int sequence = 0;
            for (int i = 0; i < 3; i++) {
                final Object e = q.relaxedPoll();
                if (e == null) {
                    break;
                }
                sequence = append(sequence, (Integer) e);
            }
            r.r1 = sequence;
        }

        /** Takes the rest. */
        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = drain(q);
        }
    }

    /**
     * An offer against a consumer's take and a look at {@code isEmpty}: the consumer that took
     * nothing never sees an empty queue after the offer is in it, and the element is taken once.
     */
    @JCStressTest
    @Outcome(id = "true, 1", expect = ACCEPTABLE, desc = "take and look before the offer, the arbiter takes it")
    @Outcome(id = "false, 1", expect = ACCEPTABLE, desc = "take before the offer, look after it")
    @Outcome(id = "true, 10", expect = ACCEPTABLE, desc = "taken by the consumer, the queue empty after it")
    @Outcome(expect = FORBIDDEN, desc = "an element lost or duplicated, or a taken element still counted")
    @State
    public static class OfferVsTakeAndLook {
        private final LaneQueue q = new LaneQueue(2);
        private int taken;

        public OfferVsTakeAndLook() {
            q.offer(9);
            q.relaxedPoll();
        }

        /** Offers 1 (at the last slot of the first chunk). */
        @Actor
        public void producer() {
            q.offer(1);
        }

        /** Takes once, then looks. */
        @Actor
        public void consumer(ZI_Result r) {
            final Object e = q.relaxedPoll();
            taken = e == null ? 0 : (Integer) e;
            r.r1 = q.isEmpty();
        }

        /** The consumer's take (0 for nothing) as the tens, the arbiter's take as the units. */
        @Arbiter
        public void arbiter(ZI_Result r) {
            r.r2 = taken * 10 + drain(q);
        }
    }
}
