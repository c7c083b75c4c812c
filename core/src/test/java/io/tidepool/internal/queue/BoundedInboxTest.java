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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link Inbox} with lane quotas: {@link Inbox#offerNew} within them, everything else not. */
class BoundedInboxTest {
    private record Task(int id) implements Runnable {
        @Override
        public void run() {}
    }

    @Test
    void quotasShouldSumToTheBoundOverAllInboxesAndSpreadTheRemainder() {
        for (int groups : new int[] {1, 2, 3, 8}) {
            for (int bound : new int[] {1, 5, 7, 8, 17, 100, 1 << 20, Integer.MAX_VALUE - 1}) {
                long sum = 0;
                int min = Integer.MAX_VALUE;
                int max = 0;
                for (int g = 0; g < groups; g++) {
                    for (int q : Inbox.quotas(bound, g, groups)) {
                        sum += q;
                        min = Math.min(min, q);
                        max = Math.max(max, q);
                    }
                }
                assertEquals(bound, sum, "bound " + bound + " over " + groups);
                assertTrue(max - min <= 1, "uneven quotas for " + bound + " over " + groups);
            }
        }
        // a bound below the lane count puts its room in different inboxes
        assertEquals(1, Arrays.stream(Inbox.quotas(2, 0, 2)).sum());
        assertEquals(1, Arrays.stream(Inbox.quotas(2, 1, 2)).sum());
    }

    @Test
    void offerNewShouldFillEveryLaneToItsQuotaThenAnswerFull() {
        final Inbox inbox = new Inbox(Inbox.quotas(12, 0, 1));
        for (int i = 0; i < 12; i++) {
            assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(i), 3), "offer " + i);
        }
        assertEquals(Inbox.FULL, inbox.offerNew(new Task(12), 3));
        assertEquals(12, inbox.size());
        for (int k = 0; k < Inbox.LANES; k++) {
            assertEquals(Inbox.quotas(12, 0, 1)[k], inbox.laneSize(k), "lane " + k);
        }
    }

    @Test
    void aTakeShouldMakeRoomAgain() {
        final Inbox inbox = new Inbox(Inbox.quotas(1, 0, 1));
        assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(1), 5));
        assertEquals(Inbox.FULL, inbox.offerNew(new Task(2), 5));
        assertTrue(inbox.tryClaim());
        try {
            assertEquals(new Task(1), inbox.relaxedPoll());
            assertNull(inbox.relaxedPoll());
        } finally {
            inbox.release();
        }
        assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(3), 5));
        assertEquals(Inbox.FULL, inbox.offerNew(new Task(4), 0));
    }

    @Test
    void aTakeFromTheHomeLaneShouldBringTheNextOfferBackToItBeforeTheNextLane() {
        final int[] quotas = new int[Inbox.LANES];
        quotas[3] = 1;
        quotas[4] = 1;
        final Inbox inbox = new Inbox(quotas);
        assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(1), 3));
        assertTrue(inbox.tryClaim());
        try {
            assertEquals(new Task(1), inbox.relaxedPoll());
        } finally {
            inbox.release();
        }
        // lane 3's cached limit still says full; the slow path re-reads lane 3 first and finds the
        // room there, so lane 4 keeps its room
        assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(2), 3));
        assertEquals(1, inbox.laneSize(3));
        assertEquals(0, inbox.laneSize(4));
        assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(3), 3));
        assertEquals(1, inbox.laneSize(4));
        assertEquals(Inbox.FULL, inbox.offerNew(new Task(4), 3));
    }

    @Test
    void offerNewShouldKeepALanesOrderAcrossChunkLinksWithResubmissionsOnTheLinks() {
        for (Inbox inbox : new Inbox[] {new Inbox(), new Inbox(Inbox.quotas(1 << 20, 0, 1))}) {
            final int n = 3 * Inbox.CHUNK_SIZE + 10;
            for (int i = 0; i < n; i++) {
                // resubmissions on a link index and just before one, and some elsewhere: each
                // moves the producer index past what offerNew's fast path last saw
                if (i == Inbox.CHUNK_SIZE || i == 2 * Inbox.CHUNK_SIZE - 1 || i % 700 == 699) {
                    assertTrue(inbox.offer(new Task(i), true, 2), "resubmission " + i);
                } else {
                    assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(i), 2), "offer " + i);
                }
            }
            assertEquals(n, inbox.laneSize(2));
            assertTakesAll(inbox, 0, n);
        }
    }

    @Test
    void aQuotaBeyondAChunkShouldHoldExactlyAcrossTheLink() {
        final int[] quotas = new int[Inbox.LANES];
        quotas[0] = Inbox.CHUNK_SIZE + 2;
        final Inbox inbox = new Inbox(quotas);
        int next = 0;
        while (inbox.offerNew(new Task(next), 0) == Inbox.ACCEPTED) {
            next++;
        }
        assertEquals(Inbox.CHUNK_SIZE + 2, next);
        assertTrue(inbox.tryClaim());
        try {
            for (int i = 0; i < 3; i++) {
                assertEquals(new Task(i), inbox.relaxedPoll());
            }
        } finally {
            inbox.release();
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(next++), 0), "after takes " + i);
        }
        assertEquals(Inbox.FULL, inbox.offerNew(new Task(next), 0));
        assertEquals(Inbox.CHUNK_SIZE + 2, inbox.laneSize(0));
        assertTakesAll(inbox, 3, next);
    }

    /** Claims {@code inbox}, takes tasks {@code from} up to {@code to} in order, then none. */
    private static void assertTakesAll(Inbox inbox, int from, int to) {
        assertTrue(inbox.tryClaim());
        try {
            for (int i = from; i < to; i++) {
                assertEquals(new Task(i), inbox.relaxedPoll(), "take " + i);
            }
            assertNull(inbox.relaxedPoll());
        } finally {
            inbox.release();
        }
    }

    @Test
    void resubmissionsAndTasksFromInsideShouldPassTheQuotaAndTakeRoom() {
        final Inbox inbox = new Inbox(Inbox.quotas(1, 0, 1));
        assertTrue(inbox.offer(new Task(1), true, 0));
        assertTrue(inbox.offer(new Task(2), false, 0));
        assertEquals(2, inbox.size());
        // the one lane with room is over its quota now
        assertEquals(Inbox.FULL, inbox.offerNew(new Task(3), 0));
    }

    @Test
    void offerNewShouldBeRefusedOnceShut() {
        final Inbox inbox = new Inbox(Inbox.quotas(8, 0, 1));
        inbox.shut();
        assertEquals(Inbox.REFUSED, inbox.offerNew(new Task(1), 0));
        final Inbox closed = new Inbox(Inbox.quotas(8, 0, 1));
        closed.close();
        assertEquals(Inbox.REFUSED, closed.offerNew(new Task(1), 0));
    }

    @Test
    void anInboxWithoutQuotasShouldNeverBeFull() {
        final Inbox inbox = new Inbox();
        for (int i = 0; i < 5000; i++) {
            assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(i), i & 7));
        }
        assertThrows(IllegalArgumentException.class, () -> new Inbox(new int[3]));
    }

    @Test
    void offerNewShouldUseTheHomeLaneWhileItHasRoom() {
        final Inbox inbox = new Inbox(Inbox.quotas(16, 0, 1));
        assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(1), 5));
        assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(2), 5));
        assertEquals(2, inbox.laneSize(5));
        assertEquals(2, inbox.size());
    }

    @Test
    void offerNewShouldWrapPastTheLastLaneToTheRoomBeforeTheHomeLane() {
        final int[] quotas = new int[Inbox.LANES];
        quotas[1] = 1;
        final Inbox inbox = new Inbox(quotas);
        // home 6: lanes 6 and 7 are full (quota 0), lane 0 too, lane 1 has the room
        assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(1), 6));
        assertEquals(1, inbox.laneSize(1));
        assertEquals(Inbox.FULL, inbox.offerNew(new Task(2), 6));
        assertEquals(Inbox.FULL, inbox.offerNew(new Task(3), 1));
        assertEquals(1, inbox.size());
    }

    @Test
    void everyAnswerOfOfferNewShouldLeaveEveryLaneUnlocked() {
        final Inbox inbox = new Inbox(Inbox.quotas(1, 0, 1));
        assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(1), 3));
        assertEquals(Inbox.FULL, inbox.offerNew(new Task(2), 3));
        assertThrows(NullPointerException.class, () -> inbox.offerNew(null, 3));
        // shut() waits for every lane lock to read 0: it returns only if no answer left one held
        assertTimeoutPreemptively(Duration.ofSeconds(10), inbox::shut);
        assertEquals(Inbox.REFUSED, inbox.offerNew(new Task(3), 3));
        assertTimeoutPreemptively(Duration.ofSeconds(10), inbox::close);
        assertEquals(1, inbox.size());
    }

    @Test
    void offersShouldPassALockedHomeLaneToTheNextFreeOneWrappingAround() {
        final Inbox inbox = new Inbox();
        // another producer inside its offer on lane 3: both kinds of offer go on to lane 4
        assertTrue(inbox.lane(3).casLock());
        assertTrue(inbox.offer(new Task(1), false, 3));
        assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(2), 3));
        assertEquals(2, inbox.laneSize(4));
        // every lane but 2 held: an offer from home 3 goes round past 7 and 0 to it
        for (int k = 0; k < Inbox.LANES; k++) {
            if (k != 2 && k != 3) {
                assertTrue(inbox.lane(k).casLock(), "lane " + k);
            }
        }
        assertEquals(Inbox.ACCEPTED, inbox.offerNew(new Task(3), 3));
        assertEquals(1, inbox.laneSize(2));
        for (int k = 0; k < Inbox.LANES; k++) {
            if (k != 2) {
                inbox.lane(k).lock = 0;
            }
        }
        assertTimeoutPreemptively(Duration.ofSeconds(10), inbox::shut);
        assertEquals(3, inbox.size());
    }

    @Test
    void aFullFirstLaneShouldSendTheOfferOnWhileAnotherLaneIsLockedAndComeBackForIt() throws Exception {
        final int[] quotas = new int[Inbox.LANES];
        quotas[5] = 1;
        final Inbox inbox = new Inbox(quotas);
        // lane 5, the only one with room, is held by another producer: whether it lets go before
        // the walk from the full home lane reaches it or while the walk goes round, the offer
        // ends there, never FULL (a held lane is not a full one)
        assertTrue(inbox.lane(5).casLock());
        final Thread releaser = new Thread(() -> inbox.lane(5).lock = 0);
        final int[] outcome = new int[1];
        final Thread producer = new Thread(() -> outcome[0] = inbox.offerNew(new Task(1), 0));
        producer.start();
        releaser.start();
        producer.join(10_000);
        releaser.join(10_000);
        assertEquals(Inbox.ACCEPTED, outcome[0]);
        assertEquals(1, inbox.laneSize(5));
    }
}
