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

package io.tidepool.internal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.internal.queue.Inbox;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The sticky slot of an outside submitter ({@link WorkStealingMode#slot}): in range, and
 * spreading threads with consecutive ids (threads started together) over the inboxes and,
 * inside one inbox, over the lanes, as its doc claims.
 */
class WorkStealingModeSlotTest {
    private static final int MAX_INBOXES = 64;

    /** First ids of the windows checked: small ones, around the int wrap, and random ones. */
    private static int[] starts() {
        final SplittableRandom random = new SplittableRandom(14);
        return IntStream.concat(
                IntStream.concat(IntStream.range(0, 2_000), IntStream.range(-1_000, 1_000).map(k -> Integer.MAX_VALUE + k)),
                IntStream.generate(random::nextInt).limit(2_000)).toArray();
    }

    @Test
    void shouldPutEverySlotWithinTheInboxesAndLanes() {
        final SplittableRandom random = new SplittableRandom(1);
        for (int n = 2; n <= MAX_INBOXES; n++) {
            for (int k = 0; k < 10_000; k++) {
                final int id = random.nextInt();
                final int slot = WorkStealingMode.slot(id, n);
                assertTrue(slot >= 0 && slot < n * Inbox.LANES, "n=" + n + " id=" + id + " slot=" + slot);
                assertEquals(slot, WorkStealingMode.slot(id, n), "the same slot for every submission");
            }
        }
    }

    @Test
    void shouldGiveEveryInboxAThreadAmongAnyTwiceAsManyConsecutiveIds() {
        for (int n = 2; n <= MAX_INBOXES; n++) {
            for (int start : starts()) {
                final Set<Integer> inboxes = new HashSet<>();
                for (int k = 0; k < 2 * n; k++) {
                    inboxes.add(WorkStealingMode.slot(start + k, n) >>> WorkStealingMode.LANE_BITS);
                }
                assertEquals(n, inboxes.size(), "n=" + n + " ids from " + start + " reach " + inboxes);
            }
        }
    }

    @Test
    void shouldGiveEightConsecutiveIdsEightSlots() {
        for (int n = 2; n <= MAX_INBOXES; n++) {
            for (int start : starts()) {
                final Set<Integer> slots = new HashSet<>();
                for (int k = 0; k < Inbox.LANES; k++) {
                    slots.add(WorkStealingMode.slot(start + k, n));
                }
                assertEquals(Inbox.LANES, slots.size(), "n=" + n + " ids from " + start + " share a lane: " + slots);
            }
        }
    }

    @Test
    void shouldSplitFourConsecutiveSubmittersOverTwoInboxesNoWorseThanThreeToOne() {
        for (int start : starts()) {
            int inFirst = 0;
            for (int k = 0; k < 4; k++) {
                inFirst += WorkStealingMode.slot(start + k, 2) >>> WorkStealingMode.LANE_BITS == 0 ? 1 : 0;
            }
            assertTrue(inFirst >= 1 && inFirst <= 3, "ids from " + start + ": " + inFirst + " of 4 in inbox 0");
        }
    }
}
