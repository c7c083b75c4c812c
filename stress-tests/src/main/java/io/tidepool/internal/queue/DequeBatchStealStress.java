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
import static io.tidepool.internal.queue.Outcomes.drainAndProbe;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * jcstress races of batch steals ({@link WorkStealingDeque#stealInto}, one CAS for up to the
 * steal limit) against the owner's pops: the pop above the limit takes its element with no CAS,
 * the pop within it bumps the stamp of {@code top} first. The deques here have a steal limit of
 * 2, so a few elements reach both paths. Elements and sequences as in {@link Outcomes}; a thief's
 * sequence is the element it got to run, then the rest of its batch from its own deque.
 *
 * <p>Seen failing (planted in {@code WorkStealingDeque}, not committed): with the stamp CAS
 * taken out of the pop, and with the thief's batch not bounded by the limit.
 */
public final class DequeBatchStealStress {
    private DequeBatchStealStress() {
    }

    /**
     * Five elements, limit 2; the owner pops four times while a thief steals a batch. The thief
     * takes {1, 2} if it saw three or more elements, else {1}; the owner's third pop (index 2,
     * two above top 0) takes 3 with no CAS even while such a thief is in flight; its fourth
     * (index 1) must bump the stamp, or it would take 2 from a thief that read top before it.
     */
    @JCStressTest
    @Outcome(id = "543, 12, 9", expect = ACCEPTABLE, desc = "thief took a batch of two; the owner's fourth pop found the deque empty")
    @Outcome(id = "5432, 1, 9", expect = ACCEPTABLE, desc = "thief took one (saw two or fewer, or retried after the stamp moved)")
    @Outcome(expect = FORBIDDEN, desc = "element taken twice or lost, or deque left inconsistent (probe lost)")
    @State
    public static class PopsVsBatchSteal {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(8, 2, 0, 0);
        private final WorkStealingDeque<Integer> thiefDeque = new WorkStealingDeque<>(2);

        /** Pushes 1 to 5. */
        public PopsVsBatchSteal() {
            for (int i = 1; i <= 5; i++) {
                deque.push(i);
            }
        }

        /** The owner pops four times. */
        @Actor
        public void owner(III_Result r) {
            r.r1 = popTimes(deque, 4);
        }

        /** A thief steals one batch. */
        @Actor
        public void thief(III_Result r) {
            r.r2 = stealBatch(deque, thiefDeque);
        }

        /** Takes what is left and checks a probe round-trips. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = drainAndProbe(deque::steal, deque::push);
        }
    }

    /**
     * Six elements, limit 2; the owner pops three times while a thief steals two batches in a
     * row (the second may read {@code top} with a stamp the owner moved): every element taken
     * exactly once. The arbiter's result is what was left plus the probe when that holds, else
     * -1. (Two CPUs: jcstress runs no more actors than CPUs, so the thieves take turns.)
     */
    @JCStressTest
    @Outcome(id = "[0-9]+, [0-9]+, [0-9]+, [0-9]+", expect = ACCEPTABLE, desc = "every element taken exactly once, probe came back")
    @Outcome(expect = FORBIDDEN, desc = "element taken twice or lost, or deque left inconsistent (probe lost)")
    @State
    public static class PopsVsTwoBatchSteals {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(8, 2, 0, 0);
        private final WorkStealingDeque<Integer> thiefDeque = new WorkStealingDeque<>(2);

        /** Pushes 1 to 6. */
        public PopsVsTwoBatchSteals() {
            for (int i = 1; i <= 6; i++) {
                deque.push(i);
            }
        }

        /** The owner pops three times. */
        @Actor
        public void owner(IIII_Result r) {
            r.r1 = popTimes(deque, 3);
        }

        /** The thief steals a batch, drains it, and steals another. */
        @Actor
        public void thief(IIII_Result r) {
            r.r2 = stealBatch(deque, thiefDeque);
            r.r3 = stealBatch(deque, thiefDeque);
        }

        /** Takes what is left, checks a probe round-trips and that 1 to 6 were each taken once. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            final int left = drainAndProbe(deque::steal, deque::push);
            r.r4 = takenOnce(6, r.r1, r.r2, r.r3, left) && left % 10 == Outcomes.PROBE ? left : -1;
        }
    }

    /**
     * Two thieves batch-steal from six elements until they see the deque empty: every element
     * taken exactly once, each thief's batches in order. The arbiter's result is the probe when
     * that holds, else -1.
     */
    @JCStressTest
    @Outcome(id = "[0-9]+, [0-9]+, 9", expect = ACCEPTABLE, desc = "every element taken exactly once, probe came back")
    @Outcome(expect = FORBIDDEN, desc = "element taken twice or lost, or deque left inconsistent (probe lost)")
    @State
    public static class BatchStealVsBatchSteal {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(8, 2, 0, 0);
        private final WorkStealingDeque<Integer> deque1 = new WorkStealingDeque<>(2);
        private final WorkStealingDeque<Integer> deque2 = new WorkStealingDeque<>(2);

        /** Pushes 1 to 6. */
        public BatchStealVsBatchSteal() {
            for (int i = 1; i <= 6; i++) {
                deque.push(i);
            }
        }

        /** The first thief steals batches until empty. */
        @Actor
        public void thief1(III_Result r) {
            r.r1 = stealBatchesUntilEmpty(deque, deque1);
        }

        /** The second thief steals batches until empty. */
        @Actor
        public void thief2(III_Result r) {
            r.r2 = stealBatchesUntilEmpty(deque, deque2);
        }

        /** Takes what is left, checks a probe round-trips and that 1 to 6 were each taken once. */
        @Arbiter
        public void arbiter(III_Result r) {
            final int left = drainAndProbe(deque::steal, deque::push);
            r.r3 = takenOnce(6, r.r1, r.r2, left) && left == Outcomes.PROBE
                    && ascending(r.r1) && ascending(r.r2) ? left : -1;
        }
    }

    /**
     * A thief's batch lands in its own deque while a second thief steals from that deque: the
     * staged elements are published by one release store of its bottom after the CAS won. The
     * thief's deque holds 5 already. The arbiter's result is what was left of the first deque
     * plus the probe when every element was taken exactly once, else -1.
     */
    @JCStressTest
    @Outcome(id = "[0-9]+, [0-9]+, [0-9]+", expect = ACCEPTABLE, desc = "every element taken exactly once, probes came back")
    @Outcome(expect = FORBIDDEN, desc = "element taken twice or lost (a staged slot seen unpublished), or probe lost")
    @State
    public static class BatchIntoDequeVsItsThief {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(4, 2, 0, 0);
        private final WorkStealingDeque<Integer> thiefDeque = new WorkStealingDeque<>(2);

        /** Pushes 1 to 4 onto the first deque and 5 onto the thief's. */
        public BatchIntoDequeVsItsThief() {
            for (int i = 1; i <= 4; i++) {
                deque.push(i);
            }
            thiefDeque.push(5);
        }

        /** The thief steals one batch, then pops its own deque dry. */
        @Actor
        public void thief(III_Result r) {
            final Integer[] out = new Integer[1];
            int sequence = 0;
            if (deque.stealInto(thiefDeque, out) > 0) {
                sequence = append(sequence, out[0]);
            }
            Integer e;
            while ((e = thiefDeque.pop()) != null) {
                sequence = append(sequence, e);
            }
            r.r1 = sequence;
        }

        /** Steals from the thief's deque twice. */
        @Actor
        public void thiefOfThief(III_Result r) {
            int sequence = 0;
            for (int i = 0; i < 2; i++) {
                final Integer e = thiefDeque.steal();
                if (e != null) {
                    sequence = append(sequence, e);
                }
            }
            r.r2 = sequence;
        }

        /** Takes what is left of both, checks the probes and that 1 to 5 were each taken once. */
        @Arbiter
        public void arbiter(III_Result r) {
            final int leftInThief = drainAndProbe(thiefDeque::steal, thiefDeque::push);
            final int left = drainAndProbe(deque::steal, deque::push);
            final boolean probes = leftInThief % 10 == Outcomes.PROBE && left % 10 == Outcomes.PROBE;
            r.r3 = takenOnce(5, r.r1, r.r2, leftInThief, left) && probes ? left : -1;
        }
    }

    private static int popTimes(WorkStealingDeque<Integer> deque, int times) {
        int sequence = 0;
        for (int i = 0; i < times; i++) {
            final Integer e = deque.pop();
            if (e != null) {
                sequence = append(sequence, e);
            }
        }
        return sequence;
    }

    private static int stealBatchesUntilEmpty(
            WorkStealingDeque<Integer> victim, WorkStealingDeque<Integer> own) {
        int sequence = 0;
        int batch;
        while ((batch = stealBatch(victim, own)) != 0) {
            for (int d = 1; d <= batch; d *= 10) {
                sequence *= 10;
            }
            sequence += batch;
        }
        return sequence;
    }

    /** {@return whether the digits of {@code sequence} go up from left to right} */
    private static boolean ascending(int sequence) {
        int last = 10;
        for (int x = sequence; x > 0; x /= 10) {
            if (x % 10 >= last) {
                return false;
            }
            last = x % 10;
        }
        return true;
    }

    /** One batch steal into the thief's own deque, then that deque drained oldest first. */
    private static int stealBatch(WorkStealingDeque<Integer> victim, WorkStealingDeque<Integer> own) {
        final Integer[] out = new Integer[1];
        if (victim.stealInto(own, out) == 0) {
            return 0;
        }
        int sequence = append(0, out[0]);
        Integer e;
        while ((e = own.pollOldest()) != null) {
            sequence = append(sequence, e);
        }
        return sequence;
    }

    /**
     * Whether the digit sequences together hold each of 1 to {@code n} (below the probe) exactly
     * once and nothing else; probes (9) are ignored, the callers check them.
     */
    private static boolean takenOnce(int n, int... sequences) {
        final int[] seen = new int[10];
        for (int s : sequences) {
            for (int x = s; x > 0; x /= 10) {
                seen[x % 10]++;
            }
        }
        for (int d = 1; d <= n; d++) {
            if (seen[d] != 1) {
                return false;
            }
        }
        for (int d = n + 1; d < 10; d++) {
            if (d != Outcomes.PROBE && seen[d] != 0) {
                return false;
            }
        }
        return true;
    }
}
