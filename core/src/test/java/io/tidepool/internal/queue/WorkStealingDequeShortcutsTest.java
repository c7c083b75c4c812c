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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Single-threaded behaviour of the owner's shortcuts in {@link WorkStealingDeque}: the claimed
 * run of {@code pollOldest} and the one-CAS pop of the only element. The races live in the jcstress suite ({@code DequeShortcutsStress}).
 */
class WorkStealingDequeShortcutsTest {

    @Test
    void shouldPopTheOnlyElementAndStayConsistentForBothEnds() {
        final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
        for (int i = 1; i <= 10; i++) {
            // one element at a time, at indices that wrap around the two slots
            assertTrue(deque.push(i));
            assertEquals(i, deque.pop());
            assertNull(deque.pop());
            assertTrue(deque.isEmpty());
        }
        deque.push(11);
        deque.push(12);
        assertEquals(11, deque.steal());
        // one element left after a steal: the pop claims it from the top
        assertEquals(12, deque.pop());
        assertTrue(deque.push(13));
        assertFalse(deque.push(14));
        assertEquals(2, deque.size());
        assertEquals(13, deque.steal());
        assertEquals(14, deque.pop());
        assertNull(deque.steal());
    }

    @Test
    void shouldClaimAtMostMaxClaimOfTheOldestAndHideThemFromThieves() {
        final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(64);
        for (int i = 1; i <= 40; i++) {
            deque.push(i);
        }

        assertEquals(1, deque.pollOldest());

        // 40 queued: a quarter is 10, so the run is MAX_CLAIM (8), elements 1..8
        assertEquals(40 - WorkStealingDeque.MAX_CLAIM, deque.size());
        assertEquals(WorkStealingDeque.MAX_CLAIM + 1, deque.steal());
        for (int i = 2; i <= WorkStealingDeque.MAX_CLAIM; i++) {
            assertEquals(i, deque.pollOldest());
        }
        // the run is used up: the next take claims again, after the stolen element
        assertEquals(WorkStealingDeque.MAX_CLAIM + 2, deque.pollOldest());
    }

    @Test
    void shouldClaimNoMoreThanAQuarterOfWhatIsQueued() {
        final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(16);
        for (int i = 1; i <= 8; i++) {
            deque.push(i);
        }

        assertEquals(1, deque.pollOldest());

        // 8 queued: a run of 2, so 6 stay stealable
        assertEquals(6, deque.size());
        assertEquals(3, deque.steal());
        assertEquals(2, deque.pollOldest());
        // 5 left: a run of 1 (a quarter rounds down to 1), every other one stays stealable
        assertEquals(4, deque.pollOldest());
        assertEquals(4, deque.size());
    }

    @Test
    void shouldTakeEveryElementOnceInOrderWhenTheOwnerPollsOldestOnly() {
        final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(4);
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 200; round++) {
            // push seven, take five: runs of several, growth, wrap-around
            for (int i = 0; i < 7; i++) {
                deque.push(next++);
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(expected++, deque.pollOldest());
            }
        }
        while (expected < next) {
            assertEquals(expected++, deque.pollOldest());
        }
        assertNull(deque.pollOldest());
        assertNull(deque.pop());
        assertTrue(deque.isEmpty());
    }

    @Test
    void shouldNotReuseTheSlotsOfAClaimedRunWhenPushing() {
        // capacity 8, full; the claim takes 1 and 2, so top is 2 while 2 is still the owner's
        final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(8);
        for (int i = 1; i <= 8; i++) {
            deque.push(i);
        }
        assertEquals(1, deque.pollOldest());

        // index 8 reuses element 1's slot; index 9 would reuse element 2's: the deque grows
        for (int i = 9; i <= 12; i++) {
            deque.push(i);
        }

        for (int i = 2; i <= 12; i++) {
            assertEquals(i, deque.pollOldest());
        }
        assertNull(deque.pollOldest());
        assertEquals(16, deque.capacity());
    }

    @Test
    void shouldPopStealableElementsFirstThenTheClaimedRunNewestFirst() {
        final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(64);
        for (int i = 1; i <= 40; i++) {
            deque.push(i);
        }
        assertEquals(1, deque.pollOldest());

        final List<Integer> popped = new ArrayList<>();
        Integer e;
        while ((e = deque.pop()) != null) {
            popped.add(e);
        }

        final List<Integer> expected = new ArrayList<>();
        for (int i = 40; i >= 2; i--) {
            expected.add(i);
        }
        assertEquals(expected, popped);
        assertNull(deque.pollOldest());
        assertTrue(deque.push(41));
        assertEquals(41, deque.steal());
    }

    @Test
    void shouldLeaveAClaimedRunToTheOwnerWhenThievesDrainTheRest() {
        final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(64);
        for (int i = 1; i <= 40; i++) {
            deque.push(i);
        }
        assertEquals(1, deque.pollOldest());

        final List<Integer> stolen = new ArrayList<>();
        assertEquals(40 - WorkStealingDeque.MAX_CLAIM, deque.stealAll(stolen::add));

        assertTrue(deque.isEmpty());
        assertEquals(WorkStealingDeque.MAX_CLAIM + 1, stolen.get(0));
        // an empty stealable part: the next push reports it so (the pool wakes a thief for it)
        assertTrue(deque.push(41));
        assertEquals(41, deque.steal());
        for (int i = 2; i <= WorkStealingDeque.MAX_CLAIM; i++) {
            assertEquals(i, deque.pollOldest());
        }
        assertNull(deque.pollOldest());
    }
}
