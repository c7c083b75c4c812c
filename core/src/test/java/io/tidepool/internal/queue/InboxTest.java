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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Behaviour of {@link Inbox}: shutdown flags, the claim, draining order, and the lanes (tests
 * pick a lane with the package-private {@code offer(task, resubmission, lane)}).
 */
class InboxTest {

    /** A task that remembers its number, for readable failures. */
    private record Task(int id) implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void shouldAcceptNewTasksAndResubmissionsWhileOpen() {
        Inbox inbox = new Inbox();

        assertTrue(inbox.offer(new Task(1), false));
        assertTrue(inbox.offer(new Task(2), true));
        assertEquals(2, inbox.size());
    }

    @Test
    void shouldRefuseNewTasksButAcceptResubmissionsOnceShut() {
        Inbox inbox = new Inbox();
        inbox.shut();

        assertFalse(inbox.offer(new Task(1), false));
        assertTrue(inbox.offer(new Task(2), true));
        assertEquals(List.of(new Task(2)), claimAndDrainAll(inbox));
    }

    @Test
    void shouldRefuseEveryTaskOnceClosed() {
        Inbox inbox = new Inbox();
        inbox.close();

        assertFalse(inbox.offer(new Task(1), false));
        assertFalse(inbox.offer(new Task(2), true));
        assertTrue(inbox.isEmpty());
    }

    @Test
    void shouldRefuseResubmissionsWhenClosedAfterShut() {
        Inbox inbox = new Inbox();
        inbox.shut();
        inbox.close();

        assertFalse(inbox.offer(new Task(1), true));
    }

    @Test
    void shouldKeepTasksAcceptedBeforeCloseForTheDrain() {
        Inbox inbox = new Inbox();
        inbox.offer(new Task(1), false);
        inbox.offer(new Task(2), true);
        inbox.close();

        assertEquals(List.of(new Task(1), new Task(2)), claimAndDrainAll(inbox));
    }

    @Test
    void shouldGrantTheClaimToOneHolderAtATime() {
        Inbox inbox = new Inbox();

        assertTrue(inbox.tryClaim());
        assertFalse(inbox.tryClaim());
        inbox.release();
        assertTrue(inbox.tryClaim());
    }

    @Test
    void shouldRefuseTheClaimToAnotherThreadWhileHeld() throws Exception {
        Inbox inbox = new Inbox();
        assertTrue(inbox.tryClaim());

        assertFalse(CompletableFuture.supplyAsync(inbox::tryClaim).get(10, TimeUnit.SECONDS));
        inbox.release();
        assertTrue(CompletableFuture.supplyAsync(inbox::tryClaim).get(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldHandConsumerProgressToTheNextClaimHolder() throws Exception {
        Inbox inbox = new Inbox();
        Task first = new Task(1);
        Task second = new Task(2);
        inbox.offer(first, false);
        inbox.offer(second, false);

        assertTrue(inbox.tryClaim());
        assertSame(first, inbox.relaxedPoll());
        inbox.release();
        Runnable polledElsewhere = CompletableFuture.supplyAsync(() -> {
            assertTrue(inbox.tryClaim());
            try {
                return inbox.relaxedPoll();
            } finally {
                inbox.release();
            }
        }).get(10, TimeUnit.SECONDS);

        assertSame(second, polledElsewhere);
    }

    @Test
    void shouldDrainInFifoOrderUpToTheLimit() {
        Inbox inbox = new Inbox();
        for (int i = 1; i <= 5; i++) {
            inbox.offer(new Task(i), false);
        }
        List<Runnable> sink = new ArrayList<>();
        assertTrue(inbox.tryClaim());

        assertEquals(3, inbox.drain(sink::add, 3));
        assertEquals(List.of(new Task(1), new Task(2), new Task(3)), sink);
        assertEquals(2, inbox.size());
        assertEquals(2, inbox.drain(sink::add, 10));
        assertEquals(List.of(new Task(1), new Task(2), new Task(3), new Task(4), new Task(5)), sink);
        assertEquals(0, inbox.drain(sink::add, 10));
        inbox.release();
    }

    @Test
    void shouldKeepFifoOrderAcrossQueueChunks() {
        Inbox inbox = new Inbox();
        int count = Inbox.CHUNK_SIZE * 3 + 7;
        for (int i = 0; i < count; i++) {
            inbox.offer(new Task(i), false);
        }

        List<Runnable> drained = claimAndDrainAll(inbox);
        assertEquals(count, drained.size());
        for (int i = 0; i < count; i++) {
            assertEquals(new Task(i), drained.get(i));
        }
    }

    @Test
    void shouldPollNullAndReportEmptyWhenNothingIsQueued() {
        Inbox inbox = new Inbox();
        assertTrue(inbox.isEmpty());
        assertEquals(0, inbox.size());
        assertTrue(inbox.tryClaim());

        assertNull(inbox.relaxedPoll());
        inbox.release();
    }

    @Test
    void shouldTakeEveryTaskExactlyOnceFromManyProducersWhileConsuming() throws Exception {
        Inbox inbox = new Inbox();
        int producers = 8;
        int perProducer = 20_000;
        ExecutorService threads = Executors.newFixedThreadPool(producers + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean producing = new AtomicBoolean(true);
            List<Future<?>> offers = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                offers.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < perProducer; i++) {
                        assertTrue(inbox.offer(new Task(producer * perProducer + i), false));
                    }
                    return null;
                }));
            }
            Future<int[]> consumer = threads.submit(() -> {
                int[] seen = new int[producers * perProducer];
                start.await();
                while (producing.get()) {
                    countTaken(inbox, seen);
                }
                countTaken(inbox, seen);
                return seen;
            });
            start.countDown();
            for (Future<?> f : offers) {
                f.get(60, TimeUnit.SECONDS);
            }
            producing.set(false);
            int[] seen = consumer.get(60, TimeUnit.SECONDS);
            for (int id = 0; id < seen.length; id++) {
                assertEquals(1, seen[id], "times task " + id + " was taken");
            }
            assertTrue(inbox.isEmpty());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void shouldKeepEachProducersOrderOnItsOwnLaneWhileConsuming() throws Exception {
        Inbox inbox = new Inbox();
        int perProducer = 50_000;
        ExecutorService threads = Executors.newFixedThreadPool(Inbox.LANES + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean producing = new AtomicBoolean(true);
            List<Future<?>> offers = new ArrayList<>();
            for (int lane = 0; lane < Inbox.LANES; lane++) {
                int home = lane;
                offers.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < perProducer; i++) {
                        // one producer per lane: its lock is never taken, so it never moves
                        assertTrue(inbox.offer(new Task(home * perProducer + i), false, home));
                    }
                    return null;
                }));
            }
            Future<int[]> consumer = threads.submit(() -> {
                int[] next = new int[Inbox.LANES];
                start.await();
                boolean more = true;
                while (more) {
                    more = producing.get();
                    assertTrue(inbox.tryClaim());
                    try {
                        Runnable t;
                        while ((t = inbox.relaxedPoll()) != null) {
                            int id = ((Task) t).id();
                            int lane = id / perProducer;
                            assertEquals(next[lane], id % perProducer, "next task of lane " + lane);
                            next[lane]++;
                        }
                    } finally {
                        inbox.release();
                    }
                }
                return next;
            });
            start.countDown();
            for (Future<?> f : offers) {
                f.get(60, TimeUnit.SECONDS);
            }
            producing.set(false);
            int[] next = consumer.get(60, TimeUnit.SECONDS);
            for (int lane = 0; lane < Inbox.LANES; lane++) {
                assertEquals(perProducer, next[lane], "tasks taken from lane " + lane);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void shouldTakeFromEveryLaneInTurnsOfAStreak() {
        Inbox inbox = new Inbox();
        int perLane = 2 * Inbox.STREAK;
        for (int lane = 0; lane < Inbox.LANES; lane++) {
            for (int i = 0; i < perLane; i++) {
                inbox.offer(new Task(lane * 1000 + i), false, lane);
            }
        }

        List<Runnable> drained = claimAndDrainAll(inbox);

        assertEquals(Inbox.LANES * perLane, drained.size());
        for (int k = 0; k < drained.size(); k++) {
            int turn = k / Inbox.STREAK;
            int lane = turn % Inbox.LANES;
            int round = turn / Inbox.LANES;
            int expected = lane * 1000 + round * Inbox.STREAK + k % Inbox.STREAK;
            assertEquals(new Task(expected), drained.get(k), "task taken at position " + k);
        }
    }

    @Test
    void shouldNotLetABusyLaneStarveTheOthers() {
        Inbox inbox = new Inbox();
        for (int i = 0; i < 10 * Inbox.STREAK; i++) {
            inbox.offer(new Task(i), false, 0);
        }
        Task lonely = new Task(-1);
        inbox.offer(lonely, false, Inbox.LANES - 1);
        assertTrue(inbox.tryClaim());
        try {
            for (int i = 0; i < Inbox.STREAK; i++) {
                assertEquals(new Task(i), inbox.relaxedPoll());
            }
            // lane 0 has had its streak: the next take goes round to the last lane
            assertSame(lonely, inbox.relaxedPoll());
            assertEquals(new Task(Inbox.STREAK), inbox.relaxedPoll());
        } finally {
            inbox.release();
        }
    }

    @Test
    void shouldCarryTheRotationOverToTheNextClaimHolder() throws Exception {
        Inbox inbox = new Inbox();
        for (int i = 0; i < Inbox.STREAK; i++) {
            inbox.offer(new Task(i), false, 0);
        }
        Task second = new Task(100);
        inbox.offer(second, false, 1);
        inbox.offer(new Task(Inbox.STREAK), false, 0);
        assertTrue(inbox.tryClaim());
        for (int i = 0; i < Inbox.STREAK; i++) {
            assertEquals(new Task(i), inbox.relaxedPoll());
        }
        inbox.release();

        Runnable polledElsewhere = CompletableFuture.supplyAsync(() -> {
            assertTrue(inbox.tryClaim());
            try {
                return inbox.relaxedPoll();
            } finally {
                inbox.release();
            }
        }).get(10, TimeUnit.SECONDS);

        assertSame(second, polledElsewhere);
    }

    @Test
    void shouldSeeATaskOnAnyLaneInIsEmptyAndSize() {
        for (int lane = 0; lane < Inbox.LANES; lane++) {
            Inbox inbox = new Inbox();
            inbox.offer(new Task(lane), false, lane);
            inbox.offer(new Task(lane), false, lane);

            assertFalse(inbox.isEmpty(), "lane " + lane);
            assertEquals(2, inbox.size(), "lane " + lane);
            assertEquals(List.of(new Task(lane), new Task(lane)), claimAndDrainAll(inbox));
            assertTrue(inbox.isEmpty(), "lane " + lane);
        }
    }

    @Test
    void shouldSeeTheFirstTaskOfEveryLaneWhicheverWayItWasOffered() {
        for (int lane = 0; lane < Inbox.LANES; lane++) {
            Inbox inbox = new Inbox();
            // another lane used and drained first: the inbox only looks at lanes ever used
            int other = (lane + 3) & (Inbox.LANES - 1);
            inbox.offer(new Task(-1), false, other);
            assertEquals(List.of(new Task(-1)), claimAndDrainAll(inbox), "lane " + lane);
            assertTrue(inbox.isEmpty(), "lane " + lane);

            assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(lane), lane));
            assertFalse(inbox.isEmpty(), "new task on lane " + lane);
            assertEquals(List.of(new Task(lane)), claimAndDrainAll(inbox), "lane " + lane);

            // a producer that finds its home lane locked offers on the next lane, first use
            Inbox fresh = new Inbox();
            LaneLock home = fresh.lane(lane);
            assertTrue(home.casLock());
            try {
                assertTrue(fresh.offer(new Task(lane + 100), false, lane));
                assertEquals(0, fresh.laneSize(lane));
                assertFalse(fresh.isEmpty(), "task moved on from locked lane " + lane);
                assertEquals(List.of(new Task(lane + 100)), claimAndDrainAll(fresh));
            } finally {
                home.lock = 0;
            }
        }
    }

    @Test
    void shouldApplyShutAndCloseOnEveryLane() {
        Inbox inbox = new Inbox();
        inbox.shut();
        for (int lane = 0; lane < Inbox.LANES; lane++) {
            assertFalse(inbox.offer(new Task(lane), false, lane), "new task on lane " + lane);
            assertTrue(inbox.offer(new Task(lane), true, lane), "resubmission on lane " + lane);
        }
        inbox.close();
        for (int lane = 0; lane < Inbox.LANES; lane++) {
            assertFalse(inbox.offer(new Task(lane), true, lane), "resubmission on lane " + lane);
        }

        assertEquals(Inbox.LANES, claimAndDrainAll(inbox).size());
    }

    @Test
    void shouldRejectANullTaskAndStayUsable() {
        Inbox inbox = new Inbox();

        assertThrows(NullPointerException.class, () -> inbox.offer(null, false, 0));
        // no lane was left locked: shut() returns, and the lane takes the next offer first
        assertTimeoutPreemptively(Duration.ofSeconds(10), inbox::shut);
        assertTrue(inbox.offer(new Task(1), true, 0));
        assertEquals(List.of(new Task(1)), claimAndDrainAll(inbox));
    }

    private static void countTaken(Inbox inbox, int[] seen) {
        if (!inbox.tryClaim()) {
            throw new AssertionError("the only consumer found the claim held");
        }
        try {
            inbox.drain(t -> seen[((Task) t).id()]++, Integer.MAX_VALUE);
        } finally {
            inbox.release();
        }
    }

    private static List<Runnable> claimAndDrainAll(Inbox inbox) {
        assertTrue(inbox.tryClaim(), "claim");
        try {
            List<Runnable> out = new ArrayList<>();
            inbox.drain(out::add, Integer.MAX_VALUE);
            return out;
        } finally {
            inbox.release();
        }
    }
}
