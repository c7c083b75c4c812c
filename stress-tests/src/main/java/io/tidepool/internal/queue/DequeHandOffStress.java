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
 * to another thread while thieves steal from it, as {@code io.tidepool.internal.handoff.HandOffs}
 * does when a task enters a blocking section (the old thread clears its core field, then stores
 * the core into the receiving thread's volatile core field; the receiver loads it and becomes
 * the deque's owner).
 *
 * <p>The model (two actors, so it runs on a two-CPU machine): {@code handedTo} stands for the
 * receiving thread's core field. The old owner pushes and pops, then hands off with a volatile
 * store and from then on treats the deque as a stranger would: it steals (in the pool, a thread
 * whose section ended may later run another worker and steal from this one). The receiver
 * loads the field once; if it sees the deque it acts as the owner, concurrently with the old
 * owner's steals; if it looked too early it is just a thief. The arbiter runs after both, plays
 * the owner that receives the deque later, drains it and checks conservation: each element was
 * taken exactly once, and a probe pushed last comes back alone (the indices are consistent).
 *
 * <p>Result: {@code r1} is 1 if the receiver saw the hand-off, else 0; {@code r2} is the number
 * of times elements 1 to 5 were taken, as five digits, followed by 1 if the probe came back.
 * Elements pushed by the receiver exist only if it saw the hand-off. Every outcome not listed is
 * FORBIDDEN.
 */
public final class DequeHandOffStress {
    private DequeHandOffStress() {
    }

    /** Counts takes of elements 1..5, as digits, followed by the probe flag. */
    static int conservation(int probeBack, int... taken) {
        final int[] counts = new int[6];
        for (int e : taken) {
            if (e >= 1 && e <= 5) {
                counts[e]++;
            }
        }
        int r = 0;
        for (int i = 1; i <= 5; i++) {
            r = r * 10 + counts[i];
        }
        return r * 10 + probeBack;
    }

    /**
     * Codes of everything an arbiter can still steal (first slots), and in the last slot 1 if a
     * pushed probe then came back alone.
     */
    static int[] drain(WorkStealingDeque<Integer> deque) {
        final int[] out = new int[8];
        int n = 0;
        Integer e;
        while (n < out.length - 1 && (e = deque.steal()) != null) {
            out[n++] = e;
        }
        deque.push(PROBE);
        final Integer p = deque.steal();
        out[out.length - 1] = p != null && p == PROBE && deque.steal() == null ? 1 : 0;
        return out;
    }

    /**
     * Hand-off, then the old owner steals while the receiver pops and pushes. The deque starts
     * with 1 and 2 (pushed by the harness thread, the first owner); capacity 2, so the old
     * owner's push of 3 grows the array first.
     */
    @JCStressTest
    @Outcome(id = "1, 111101", expect = ACCEPTABLE, desc = "receiver saw the hand-off; every task taken exactly once")
    @Outcome(id = "0, 111001", expect = ACCEPTABLE, desc = "receiver looked before the hand-off and stole; every task taken once")
    @Outcome(expect = FORBIDDEN, desc = "a task lost or taken twice across the hand-off, or the deque left inconsistent")
    @State
    public static class HandOffThenSteal {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
        /** The receiving thread's core field. */
        private volatile WorkStealingDeque<Integer> handedTo;
        private final int[] oldTook = new int[2];
        private final int[] receiverTook = new int[2];
        private int received;

        /** The first owner queues two tasks. */
        public HandOffThenSteal() {
            deque.push(1);
            deque.push(2);
        }

        /** The old owner: spawns 3, runs one task, hands the deque off, then steals from it. */
        @Actor
        public void oldOwner() {
            deque.push(3);
            oldTook[0] = Outcomes.code(deque.pop());
            // the owner's plain writes (bottom, the grown array) happen-before the receiver's
            // reads: this volatile store pairs with the volatile load in receiver()
            handedTo = deque;
            oldTook[1] = Outcomes.code(deque.steal());
        }

        /** The backup thread: the owner if it received the deque, else a thief. */
        @Actor
        public void receiver() {
            final WorkStealingDeque<Integer> d = handedTo;
            if (d == null) {
                receiverTook[0] = Outcomes.code(deque.steal());
                return;
            }
            received = 1;
            receiverTook[0] = Outcomes.code(d.pop());
            d.push(4);
            receiverTook[1] = Outcomes.code(d.pop());
        }

        /** The final owner drains and checks conservation. */
        @Arbiter
        public void arbiter(II_Result r) {
            final int[] left = drain(deque);
            r.r1 = received;
            r.r2 = conservation(left[left.length - 1], concat(left, oldTook[0], oldTook[1],
                    receiverTook[0], receiverTook[1]));
        }
    }

    /**
     * Hand-off of a full deque, then the receiver's pushes grow the array while the old owner
     * steals twice from it. Capacity 2, starting with 1 and 2; the old owner pops 2 and hands
     * off; the receiver pushes 3 and 4 (the second push grows the array) and pops once.
     */
    @JCStressTest
    @Outcome(id = "1, 111101", expect = ACCEPTABLE, desc = "receiver saw the hand-off and grew the deque under the steals; every task once")
    @Outcome(id = "0, 110001", expect = ACCEPTABLE, desc = "receiver looked before the hand-off and stole; every task once")
    @Outcome(expect = FORBIDDEN, desc = "a task lost or taken twice across the hand-off or the growth, or the deque left inconsistent")
    @State
    public static class HandOffThenGrowUnderSteal {
        private final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
        private volatile WorkStealingDeque<Integer> handedTo;
        private final int[] oldTook = new int[3];
        private int receiverTook;
        private int received;

        /** The first owner fills the deque. */
        public HandOffThenGrowUnderSteal() {
            deque.push(1);
            deque.push(2);
        }

        /** The old owner runs one task, hands off, then steals twice. */
        @Actor
        public void oldOwner() {
            oldTook[0] = Outcomes.code(deque.pop());
            handedTo = deque;
            oldTook[1] = Outcomes.code(deque.steal());
            oldTook[2] = Outcomes.code(deque.steal());
        }

        /** The receiver pushes two tasks (growing the array) and runs one; else it steals. */
        @Actor
        public void receiver() {
            final WorkStealingDeque<Integer> d = handedTo;
            if (d == null) {
                receiverTook = Outcomes.code(deque.steal());
                return;
            }
            received = 1;
            d.push(3);
            d.push(4);
            receiverTook = Outcomes.code(d.pop());
        }

        /** The final owner drains and checks conservation. */
        @Arbiter
        public void arbiter(II_Result r) {
            final int[] left = drain(deque);
            r.r1 = received;
            r.r2 = conservation(left[left.length - 1], concat(left, oldTook[0], oldTook[1],
                    oldTook[2], receiverTook));
        }
    }

    private static int[] concat(int[] left, int... more) {
        final int[] all = new int[left.length - 1 + more.length];
        System.arraycopy(left, 0, all, 0, left.length - 1);
        System.arraycopy(more, 0, all, left.length - 1, more.length);
        return all;
    }
}
