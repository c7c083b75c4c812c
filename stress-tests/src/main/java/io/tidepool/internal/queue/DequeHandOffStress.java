package io.tidepool.internal.queue;

import static io.tidepool.internal.queue.Outcomes.PROBE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress races of a blocking hand-off against a thief: the owner of a worker's deque gives it
 * to another thread while thieves steal from it, as {@code io.tidepool.internal.pool.HandOffs}
 * does when a task enters a blocking section (the old thread clears its core field, then stores
 * the core into the receiving thread's volatile core field; the receiver loads it and becomes
 * the deque's owner).
 *
 * <p>The model: {@code handedTo} stands for the receiving thread's core field. The old owner
 * pushes and pops, then hands off with a volatile store and never touches the deque again. The
 * receiver loads the field once; if it sees the deque it acts as owner (pop, push, pop). A
 * receiver that looked too early owns nothing, and the arbiter, which runs after every actor,
 * plays the owner that receives it later. The arbiter then drains the deque and checks
 * conservation: each element was taken exactly once, and a probe pushed last comes back (the
 * indices are consistent).
 *
 * <p>Result: {@code r1} is 1 if the receiver saw the hand-off, else 0; {@code r2} is the number
 * of times elements 1, 2, 3 and 4 were taken, as four digits, followed by 1 if the probe came
 * back (element 4 is pushed only by a receiver that saw the hand-off). Every outcome not listed
 * is FORBIDDEN.
 */
public final class DequeHandOffStress {
    private DequeHandOffStress() {
    }

    /** Counts takes of elements 1..4 plus the probe flag into one number. */
    static int conservation(int probeBack, int... taken) {
        final int[] counts = new int[5];
        for (int e : taken) {
            if (e >= 1 && e <= 4) {
                counts[e]++;
            }
        }
        return counts[1] * 10_000 + counts[2] * 1_000 + counts[3] * 100 + counts[4] * 10 + probeBack;
    }

    /** Codes of everything an arbiter can still steal, then whether a pushed probe came back. */
    static int[] drain(WorkStealingDeque<Integer> deque) {
        final int[] out = new int[8];
        int n = 0;
        Integer e;
        while ((e = deque.steal()) != null && n < out.length - 1) {
            out[n++] = e;
        }
        deque.push(PROBE);
        final Integer p = deque.steal();
        out[out.length - 1] = p != null && p == PROBE && deque.steal() == null ? 1 : 0;
        return out;
    }

    /**
     * Hand-off racing one steal. The deque starts with 1 and 2 (pushed by the harness thread,
     * the first owner); capacity 2, so the old owner's push of 3 grows the array while the thief
     * may be reading the old one.
     */
    @JCStressTest
    @Outcome(id = "1, 11111", expect = ACCEPTABLE, desc = "receiver saw the hand-off; every task taken exactly once")
    @Outcome(id = "0, 11101", expect = ACCEPTABLE, desc = "receiver looked before the hand-off; the late owner took the rest; every task taken once")
    @Outcome(expect = FORBIDDEN, desc = "a task lost or taken twice across the hand-off, or the deque left inconsistent")
    @State
    public static class HandOffRacingSteal {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
        /** The receiving thread's core field. */
        private volatile WorkStealingDeque<Integer> handedTo;
        private int oldTook;
        private int received;
        private int receiverTook1;
        private int receiverTook2;
        private int thiefTook;

        /** The first owner queues two tasks. */
        public HandOffRacingSteal() {
            deque.push(1);
            deque.push(2);
        }

        /** The old owner: spawns 3, runs one task, then hands the deque off and blocks. */
        @Actor
        public void oldOwner() {
            deque.push(3);
            oldTook = Outcomes.code(deque.pop());
            // release of the owner's plain writes (bottom, the array): pairs with the load below
            handedTo = deque;
        }

        /** The backup thread: if it has received the deque, runs it as owner. */
        @Actor
        public void receiver() {
            final WorkStealingDeque<Integer> d = handedTo;
            if (d == null) {
                return;
            }
            received = 1;
            receiverTook1 = Outcomes.code(d.pop());
            d.push(4);
            receiverTook2 = Outcomes.code(d.pop());
        }

        /** Another worker steals. */
        @Actor
        public void thief() {
            thiefTook = Outcomes.code(deque.steal());
        }

        /** The final owner drains and checks conservation. */
        @Arbiter
        public void arbiter(II_Result r) {
            final int[] left = drain(deque);
            r.r1 = received;
            r.r2 = conservation(left[left.length - 1], concat(left, oldTook, receiverTook1,
                    receiverTook2, thiefTook));
        }
    }

    /**
     * Hand-off racing two thieves, with the receiver popping until it sees the deque empty.
     * The deque starts with 1, 2, 3; the old owner pops once and hands off.
     */
    @JCStressTest
    @Outcome(id = "1, 11101", expect = ACCEPTABLE, desc = "receiver saw the hand-off and emptied the deque with the thieves; every task once")
    @Outcome(id = "0, 11101", expect = ACCEPTABLE, desc = "receiver looked before the hand-off; every task taken once")
    @Outcome(expect = FORBIDDEN, desc = "a task lost or taken twice across the hand-off, or the deque left inconsistent")
    @State
    public static class HandOffRacingTwoSteals {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(4);
        private volatile WorkStealingDeque<Integer> handedTo;
        private int oldTook;
        private int received;
        private final int[] receiverTook = new int[3];
        private int thief1Took;
        private int thief2Took;

        /** The first owner queues three tasks. */
        public HandOffRacingTwoSteals() {
            deque.push(1);
            deque.push(2);
            deque.push(3);
        }

        /** The old owner runs one task, then hands off. */
        @Actor
        public void oldOwner() {
            oldTook = Outcomes.code(deque.pop());
            handedTo = deque;
        }

        /** The receiver runs everything it can pop. */
        @Actor
        public void receiver() {
            final WorkStealingDeque<Integer> d = handedTo;
            if (d == null) {
                return;
            }
            received = 1;
            Integer e;
            int n = 0;
            while (n < receiverTook.length && (e = d.pop()) != null) {
                receiverTook[n++] = e;
            }
        }

        /** One thief. */
        @Actor
        public void thief1() {
            thief1Took = Outcomes.code(deque.steal());
        }

        /** Another thief. */
        @Actor
        public void thief2() {
            thief2Took = Outcomes.code(deque.steal());
        }

        /** The final owner drains and checks conservation. */
        @Arbiter
        public void arbiter(II_Result r) {
            final int[] left = drain(deque);
            r.r1 = received;
            r.r2 = conservation(left[left.length - 1], concat(left, oldTook, receiverTook[0],
                    receiverTook[1], receiverTook[2], thief1Took, thief2Took));
        }
    }

    private static int[] concat(int[] left, int... more) {
        final int[] all = new int[left.length - 1 + more.length];
        System.arraycopy(left, 0, all, 0, left.length - 1);
        System.arraycopy(more, 0, all, left.length - 1, more.length);
        return all;
    }
}
