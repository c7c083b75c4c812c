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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Single-threaded behaviour of batch steals ({@link WorkStealingDeque#stealInto}) and of the
 * owner's pop rule that makes them safe (a stamp bump below the steal limit, none above it).
 * The races live in the jcstress suite ({@code DequeBatchStealStress}).
 */
class WorkStealingDequeBatchTest {

    @ParameterizedTest(name = "{0} elements, limit {1}: steals {2}")
    @CsvSource({
        "1, 4, 1", "2, 4, 1", "3, 4, 2", "4, 4, 2", "5, 4, 3", "7, 4, 4", "8, 4, 4", "100, 4, 4",
        "1, 1, 1", "9, 1, 1", "200, 64, 64", "127, 64, 64", "126, 64, 63"
    })
    void shouldStealHalfRoundedUpButNoMoreThanTheLimit(int size, int limit, int expected) {
        final WorkStealingDeque<Integer> victim = new WorkStealingDeque<>(2, limit, 0, 0);
        for (int i = 0; i < size; i++) {
            victim.push(i);
        }
        final WorkStealingDeque<Integer> into = new WorkStealingDeque<>(2);
        final Integer[] out = new Integer[1];

        assertEquals(expected, victim.stealInto(into, out));

        // the oldest to run, the rest in the thief's deque oldest first, the victim keeps the rest
        assertEquals(0, out[0]);
        assertEquals(range(1, expected), drainOldestFirst(into));
        assertEquals(size - expected, victim.size());
        assertEquals(range(expected, size), drainOldestFirst(victim));
    }

    @Test
    void shouldReturnZeroAndLeaveBothDequesAloneWhenTheVictimIsEmpty() {
        final WorkStealingDeque<Integer> victim = new WorkStealingDeque<>(2);
        final WorkStealingDeque<Integer> into = new WorkStealingDeque<>(2);
        into.push(7);
        final Integer[] out = new Integer[1];

        assertEquals(0, victim.stealInto(into, out));

        assertNull(out[0]);
        assertEquals(List.of(7), drainOldestFirst(into));
    }

    @Test
    void shouldAppendTheBatchBehindWhatTheThiefAlreadyHoldsGrowingItsDeque() {
        final WorkStealingDeque<Integer> victim = new WorkStealingDeque<>(4, 8, 0, 0);
        for (int i = 10; i < 26; i++) {
            victim.push(i);
        }
        // a thief deque with wrapped indices and two elements: the batch needs a grow
        final WorkStealingDeque<Integer> into = new WorkStealingDeque<>(2);
        into.push(1);
        into.push(2);
        into.pollOldest();
        into.push(3);
        final Integer[] out = new Integer[1];

        assertEquals(8, victim.stealInto(into, out));

        assertEquals(10, out[0]);
        assertEquals(List.of(2, 3, 11, 12, 13, 14, 15, 16, 17), drainOldestFirst(into));
    }

    @Test
    void shouldRejectStealingIntoItself() {
        final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
        deque.push(1);
        final Integer[] out = new Integer[1];
        assertThrows(IllegalArgumentException.class, () -> deque.stealInto(deque, out));
        assertEquals(1, deque.size());
    }

    @Test
    void shouldBumpTheStampOnlyForPopsWithinTheStealLimitOfTheTop() {
        final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(8, 3, 0, 0);
        for (int i = 0; i < 6; i++) {
            deque.push(i);
        }
        // indices 5, 4 and 3 are at least the limit (3) above top 0: no CAS, no stamp
        assertEquals(5, deque.pop());
        assertEquals(4, deque.pop());
        assertEquals(3, deque.pop());
        assertEquals(TopWord.pack(0, 0), deque.topWord());
        // indices 2 and 1 are within the limit: a stamp each
        assertEquals(2, deque.pop());
        assertEquals(1, deque.pop());
        assertEquals(TopWord.pack(2, 0), deque.topWord());
        // the last element moves the index (the one-element CAS), not the stamp
        assertEquals(0, deque.pop());
        assertEquals(TopWord.pack(2, 1), deque.topWord());
        assertNull(deque.pop());
    }

    @Test
    void shouldKeepWorkingWhenIndicesAndStampWrapAround() {
        // indices start 3 below the 32-bit wrap and the stamp one below its own
        final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2, 2, -3, -1);
        final WorkStealingDeque<Integer> into = new WorkStealingDeque<>(2, 2, Integer.MAX_VALUE - 1, 0);
        final Integer[] out = new Integer[1];
        final List<Integer> taken = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 5; i++) {
                deque.push(next++);
            }
            // a batch of two, a pop above the limit (no stamp), a pop within it (a stamp), the last
            assertEquals(2, deque.stealInto(into, out));
            taken.add(out[0]);
            taken.addAll(drainOldestFirst(into));
            taken.add(deque.pop());
            taken.add(deque.pop());
            taken.add(deque.pollOldest());
            assertNull(deque.pop());
            assertTrue(deque.isEmpty());
        }
        taken.sort(Integer::compare);
        assertEquals(range(0, next), taken);
        // the stamp wrapped past zero (one stamp pop per round) and the index past 2^32 (three
        // elements per round leave through the top: the batch and the last one)
        assertEquals(19, TopWord.stamp(deque.topWord()));
        assertEquals(-3 + 3 * 20, TopWord.index(deque.topWord()));
    }

    private static List<Integer> drainOldestFirst(WorkStealingDeque<Integer> deque) {
        final List<Integer> out = new ArrayList<>();
        Integer e;
        while ((e = deque.pollOldest()) != null) {
            out.add(e);
        }
        return out;
    }

    private static List<Integer> range(int from, int to) {
        final List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }
}
