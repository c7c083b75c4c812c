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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A batch that moves between queues (a thief's {@link WorkStealingDeque#stealInto}, a worker's
 * {@link WorkStealingDeque#takeInbox}) and overflows its caller's stack at any step loses no
 * element: after each dive, what the call handed out, what the source kept and what the
 * destination deque shows together are every element, each once.
 *
 * <p>Each scan calls the operation once per frame near the stack limit, so in some dives it
 * overflows at whichever of its calls first needs more stack than is left. The worker's inbox
 * take before the fix (taken into an array, then one push per task, growing the deque mid-batch;
 * replayed by {@code oldInboxTake}, run with the argument {@code old-takes}) fails the takes
 * scan at its pushes: "frame 8" on JDK 17, every task but the one already in the deque missing.
 * The steals scan passed before the fix too: the publication after the CAS was a call, but
 * never a deeper one than the CAS, so no dive overflowed there. In the fixed code too, the calls
 * after the first take need no more stack than it, so these dives do not reach the catch that
 * publishes on a fault (a deoptimization or an OSR mid-move could); it is argued in
 * {@link WorkStealingDeque}'s class doc. The scans run in a JVM compiled by C1 only, as in
 * {@code LaneQueueFaultTest}: there the callees are real calls with frames of their own.
 */
class DequeFaultTest {
    /** Frames near the limit that each get one call, one dive each. */
    private static final int FRAMES = 160;
    /** Elements in the victim of a steal (a batch of half, 6) or in an inbox. */
    private static final int ELEMENTS = 12;

    @Test
    void shouldLoseNoStolenElementWhenAStealOverflows() throws Exception {
        inFreshJvm("steals");
    }

    @Test
    void shouldLoseNoTaskWhenAnInboxTakeOverflows() throws Exception {
        inFreshJvm("takes");
    }

    /** The planted bug: the takes scan, run on the inbox take before the fix, must fail. */
    @Test
    void theTakesScanShouldCatchTheInboxTakeBeforeTheFix() throws Exception {
        final String out = runChild("old-takes");
        assertTrue(out.contains("AssertionFailedError") && out.contains("frame "),
                () -> "the old inbox take lost nothing in the scan:\n" + out);
    }

    /** The child JVM: runs one scan, prints {@link #PASSED} or fails. */
    static final class Child {
        static final String PASSED = "scan passed";

        private Child() {}

        /**
         * Runs the scan named by {@code args[0]}.
         *
         * @param args {@code steals}, {@code takes}, or {@code old-takes} (the loop before the
         *     fix, to see the scan fail)
         * @throws Exception if the scan fails (exit status 1)
         */
        public static void main(String[] args) throws Exception {
            switch (args[0]) {
                case "steals" -> scanSteals();
                case "takes" -> scanTakes(false);
                default -> scanTakes(true);
            }
            System.out.println(PASSED);
        }
    }

    static void scanSteals() throws Exception {
        int overflows = 0;
        for (int frame = 0; frame < FRAMES; frame++) {
            // every call site linked at a normal depth, as in a running pool
            stealOnce(new WorkStealingDeque<>(2), new WorkStealingDeque<>(2), new Integer[1]);
            final WorkStealingDeque<Integer> victim = new WorkStealingDeque<>(2);
            for (int i = 0; i < ELEMENTS; i++) {
                victim.push(i);
            }
            // the thief's deque holds one, so the batch lands behind it; tiny, so it grows first
            final WorkStealingDeque<Integer> into = new WorkStealingDeque<>(2);
            into.push(-1);
            final Integer[] out = new Integer[1];
            overflows += dive(frame, () -> victim.stealInto(into, out));
            final List<Integer> seen = new ArrayList<>();
            if (out[0] != null) {
                seen.add(out[0]);
            }
            victim.stealAll(seen::add);
            into.stealAll(seen::add);
            seen.sort(null);
            assertEquals(range(-1, ELEMENTS), seen, "frame " + frame);
        }
        assertTrue(overflows > 0, "no steal overflowed; the test shows nothing");
    }

    private static void stealOnce(WorkStealingDeque<Integer> victim, WorkStealingDeque<Integer> into,
            Integer[] out) {
        for (int i = 0; i < 4; i++) {
            victim.push(i);
        }
        into.push(-1);
        victim.stealInto(into, out);
    }

    static void scanTakes(boolean old) throws Exception {
        int overflows = 0;
        for (int frame = 0; frame < FRAMES; frame++) {
            // every call site linked at a normal depth, as in a running pool
            takeOnce(new Inbox(), new WorkStealingDeque<>(2), new Runnable[1], old);
            final Inbox inbox = new Inbox();
            final List<Task> all = new ArrayList<>();
            for (int i = 0; i < ELEMENTS; i++) {
                final Task t = new Task(i);
                all.add(t);
                assertTrue(inbox.offer(t, true, 0));
            }
            // the deque holds one: the old loop grew it mid-batch
            final WorkStealingDeque<Runnable> into = new WorkStealingDeque<>(8);
            final Task held = new Task(-1);
            all.add(0, held);
            into.push(held);
            final Runnable[] out = new Runnable[1];
            assertTrue(inbox.tryClaim());
            overflows += dive(frame, () -> take(inbox, into, out, old));
            inbox.release();
            final List<Runnable> seen = new ArrayList<>();
            if (out[0] != null) {
                seen.add(out[0]);
            }
            into.stealAll(seen::add);
            assertTrue(inbox.tryClaim());
            inbox.drain(seen::add, Integer.MAX_VALUE);
            inbox.release();
            seen.sort((a, b) -> Integer.compare(((Task) a).id, ((Task) b).id));
            assertEquals(all, seen, "frame " + frame);
        }
        assertTrue(overflows > 0, "no take overflowed; the test shows nothing");
    }

    private static void takeOnce(Inbox inbox, WorkStealingDeque<Runnable> into, Runnable[] out,
            boolean old) {
        for (int i = 0; i < 4; i++) {
            assertTrue(inbox.offer(new Task(i), true, 0));
        }
        assertTrue(inbox.tryClaim());
        take(inbox, into, out, old);
        inbox.release();
    }

    private static void take(Inbox inbox, WorkStealingDeque<Runnable> into, Runnable[] out, boolean old) {
        if (old) {
            oldInboxTake(inbox, into, out);
        } else {
            WorkStealingDeque.takeInbox(inbox, ELEMENTS, into, out);
        }
    }

    /**
     * The worker's inbox take before the fix (its loop, without the counts): every task into a
     * batch array, then one push per task but the first.
     */
    private static void oldInboxTake(Inbox inbox, WorkStealingDeque<Runnable> into, Runnable[] out) {
        final Runnable[] batch = new Runnable[ELEMENTS];
        int n = 0;
        Runnable t = inbox.relaxedPoll();
        while (t != null) {
            batch[n++] = t;
            t = n < ELEMENTS ? inbox.relaxedPoll() : null;
        }
        for (int i = 1; i < n; i++) {
            into.push(batch[i]);
        }
        out[0] = batch[0];
    }

    /** A task that remembers its number, for readable failures. */
    private record Task(int id) implements Runnable {
        @Override
        public void run() {
        }
    }

    private static List<Integer> range(int from, int to) {
        final List<Integer> r = new ArrayList<>();
        for (int i = from; i < to; i++) {
            r.add(i);
        }
        return r;
    }

    /**
     * On a thread with a small stack: recurses until the stack overflows, then runs
     * {@code action} once, {@code frame} frames up. Returns 1 if the action overflowed.
     */
    private static int dive(int frame, Runnable action) throws InterruptedException {
        final boolean[] threw = new boolean[1];
        final Thread diver = new Thread(null, () -> C1ScanJvm.atFrame(frame, () -> {
            try {
                action.run();
            } catch (StackOverflowError e) {
                threw[0] = true;
            }
        }), "dive", 1 << 18);
        diver.start();
        diver.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(diver.isAlive(), "the dive hung");
        return threw[0] ? 1 : 0;
    }

    /** Runs a scan in a JVM of its own, compiled by C1 only (see the class doc); it must pass. */
    private static void inFreshJvm(String scan) throws Exception {
        final String out = runChild(scan);
        assertTrue(out.contains(Child.PASSED), () -> "the " + scan + " scan failed:\n" + out);
    }

    /** Runs a scan in a JVM of its own, compiled by C1 only; returns its output. */
    private static String runChild(String scan) throws Exception {
        return C1ScanJvm.run(Child.class, scan);
    }
}
