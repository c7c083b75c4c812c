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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An inbox offer that overflows its caller's stack (a wake or a submission at the stack limit)
 * leaves its lane as it was or with the task in it, and never costs the lane a later task.
 *
 * <p>Found by the fault soak: an async task woken normally stayed SCHEDULED in no queue, and its
 * pool never terminated. The lanes were JCTools SPSC queues, whose offer stores the element
 * (what the consumer looks at) in one call and the producer index (what the next offer and the
 * lane's size look at) in the next. A wake at the stack limit that overflowed between the two
 * left a task the worker took; the next offer in that lane went into the slot the worker had
 * passed, and the lane looked empty. The dive below offers once per frame near the limit, so the
 * overflow lands at every step of the offer in turn; after each dive a worker's take, a normal
 * offer and a second take must find that offer. Without the fix the offer scan failed in every
 * run ("the lane looks empty after an offer", frame 16 of the dive on JDK 17, 15 on JDK 25). The
 * scans run in a fresh JVM ({@link #inFreshJvm}).
 */
class LaneQueueFaultTest {
    /** Frames near the limit that each get one offer, one dive each. */
    private static final int FRAMES = 160;

    /** A task that remembers its number, for readable failures. */
    private record Task(int id) implements Runnable {
        @Override
        public void run() {
        }
    }


    @Test
    void shouldNeverLoseTheNextTaskAfterAnOfferThatOverflowed() throws Exception {
        inFreshJvm("offers");
    }

    @Test
    void shouldTakeEveryElementOnceWhenATakeOverflows() throws Exception {
        inFreshJvm("takes");
    }

    /**
     * Runs a scan in a JVM of its own, compiled by C1 only: in a JVM where the offer's and the
     * take's callees are already compiled and inlined, their calls may need no more stack than a
     * frame of the dive, so no dive overflows inside them and the scan shows nothing (seen in a
     * full build); where an offer overflows depends on how its callees were compiled.
     */
    private static void inFreshJvm(String scan) throws Exception {
        // C1 only: there the JCTools lane's offer overflowed between its two stores at one frame
        // of every scan (frame 16 on JDK 17, 15 on JDK 25); with C2 too, in none of six scans
        final String out = C1ScanJvm.run(Child.class, scan);
        assertTrue(out.endsWith("exit status 0"), () -> "the " + scan + " scan failed:\n" + out);
        assertTrue(out.contains(Child.PASSED), () -> "the " + scan + " scan said:\n" + out);
    }

    /** The child JVM of {@link #inFreshJvm}: runs one scan, prints {@link #PASSED} or the failure. */
    static final class Child {
        static final String PASSED = "scan passed";

        private Child() {}

        /**
         * Runs the scan named by {@code args[0]}.
         *
         * @param args {@code offers} or {@code takes}
         * @throws Exception if the scan fails (exit status 1)
         */
        public static void main(String[] args) throws Exception {
            if (args[0].equals("offers")) {
                scanOffers();
            } else {
                scanTakes();
            }
            System.out.println(PASSED);
        }
    }

    static void scanOffers() throws Exception {
        // the lane empty, one short of a chunk's end, and at a chunk's end (the offer that links)
        for (int before : new int[] {0, Inbox.CHUNK_SIZE - 1, Inbox.CHUNK_SIZE}) {
            int overflows = 0;
            for (int frame = 0; frame < FRAMES; frame++) {
                overflows += offerAtLimitThenAgain(before, frame);
            }
            assertTrue(overflows > 0, "no offer overflowed with " + before + " before; the test shows nothing");
        }
    }

    static void scanTakes() throws Exception {
        int overflows = 0;
        for (int frame = 0; frame < FRAMES; frame++) {
            final int at = frame;
            // two-slot chunks: the third take follows a link
            final LaneQueue q = new LaneQueue(2);
            // every call site of a take linked at a normal depth, as in a running pool
            q.offer(0);
            q.relaxedPoll();
            for (int i = 1; i <= 4; i++) {
                q.offer(i);
            }
            assertNull(new LaneQueue(2).relaxedPoll());
            // array stores, no call: what a take returned is kept even at the limit
            final Object[] deep = new Object[3];
            final boolean[] threw = new boolean[1];
            final Thread diver = new Thread(null, () -> C1ScanJvm.atFrame(at, () -> {
                try {
                    for (int i = 0; i < 3; i++) {
                        deep[i] = q.relaxedPoll();
                    }
                } catch (StackOverflowError e) {
                    threw[0] = true;
                }
            }), "dive", 1 << 18);
            diver.start();
            diver.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(diver.isAlive(), "the dive hung");
            overflows += threw[0] ? 1 : 0;
            final List<Object> taken = new ArrayList<>();
            for (Object d : deep) {
                if (d != null) {
                    taken.add(d);
                }
            }
            Object e;
            while ((e = q.relaxedPoll()) != null) {
                taken.add(e);
            }
            assertEquals(List.of(1, 2, 3, 4), taken, "frame " + frame);
            assertTrue(q.isEmpty());
        }
        assertTrue(overflows > 0, "no take overflowed; the test shows nothing");
    }

    @Test
    void shouldKeepEveryElementInOrderAcrossChunks() {
        final LaneQueue q = new LaneQueue(2);
        assertTrue(q.isEmpty());
        for (int i = 0; i < 7; i++) {
            q.offer(i);
        }
        assertEquals(7, q.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(i, q.relaxedPoll());
        }
        q.offer(7);
        assertEquals(3, q.size());
        for (int i = 5; i < 8; i++) {
            assertEquals(i, q.relaxedPoll());
        }
        assertNull(q.relaxedPoll());
        assertTrue(q.isEmpty());
        assertEquals(8, q.currentProducerIndex());
        assertEquals(8, q.currentConsumerIndex());
    }

    /**
     * A fresh inbox with {@code before} tasks offered and taken on lane 0; a thread dives to its
     * stack limit and offers once, {@code frame} frames above it; then takes, a normal offer and
     * a take. Returns 1 if the dive's offer overflowed.
     */
    private static int offerAtLimitThenAgain(int before, int frame) throws Exception {
        // every call site of an offer and a take linked at a normal depth, as in a running pool
        final Inbox warm = new Inbox();
        assertTrue(warm.offer(new Task(0), true, 0));
        assertEquals(1, drain(warm).size());
        final Inbox inbox = new Inbox();
        for (int i = 0; i < before; i++) {
            assertTrue(inbox.offer(new Task(-1), true, 0));
        }
        assertEquals(before, drain(inbox).size());
        final Task atLimit = new Task(1);
        final boolean[] threw = new boolean[1];
        // a small stack, so the dive is quick
        final Thread diver = new Thread(null, () -> C1ScanJvm.atFrame(frame, () -> {
            try {
                inbox.offer(atLimit, true, 0);
            } catch (StackOverflowError e) {
                threw[0] = true;
            }
        }), "dive", 1 << 18);
        diver.start();
        diver.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(diver.isAlive(), "the dive hung");
        // join: the dive's stores happen-before this read
        final boolean overflowed = threw[0];
        // the worker takes what the lane shows (the dive's task, if its offer got far enough)
        final List<Runnable> first = drain(inbox);
        if (!overflowed && !first.equals(List.of(atLimit))) {
            fail("an offer that returned left " + first + " (frame " + frame + ", " + before + " before)");
        }
        if (overflowed && !first.isEmpty() && !first.equals(List.of(atLimit))) {
            fail("an offer that overflowed left " + first + " (frame " + frame + ", " + before + " before)");
        }
        final Task next = new Task(2);
        assertTrue(inbox.offer(next, true, 0));
        assertFalse(inbox.isEmpty(), "the lane looks empty after an offer (frame " + frame + ", "
                + before + " before, the dive's offer " + (overflowed ? "overflowed" : "returned") + ")");
        final List<Runnable> second = drain(inbox);
        assertEquals(1, second.size(), () -> "the offer after the dive's was lost: took " + second
                + " (frame " + frame + ", " + before + " before, first take " + first + ")");
        assertSame(next, second.get(0));
        assertTrue(inbox.isEmpty());
        return overflowed ? 1 : 0;
    }

    private static List<Runnable> drain(Inbox inbox) {
        final List<Runnable> out = new ArrayList<>();
        assertTrue(inbox.tryClaim());
        try {
            inbox.drain(out::add, Integer.MAX_VALUE);
        } finally {
            inbox.release();
        }
        return out;
    }
}
