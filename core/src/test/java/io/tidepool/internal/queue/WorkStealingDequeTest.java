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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Single-threaded behaviour of {@link WorkStealingDeque}; the races live in the jcstress suite. */
class WorkStealingDequeTest {

    @Test
    void shouldPopNewestElementFirst() {
        WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(4);
        deque.push(1);
        deque.push(2);
        deque.push(3);

        assertEquals(3, deque.pop());
        assertEquals(2, deque.pop());
        assertEquals(1, deque.pop());
        assertNull(deque.pop());
    }

    @Test
    void shouldStealOldestElementFirst() {
        WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(4);
        deque.push(1);
        deque.push(2);
        deque.push(3);

        assertEquals(1, deque.steal());
        assertEquals(2, deque.steal());
        assertEquals(3, deque.steal());
        assertNull(deque.steal());
    }

    @Test
    void shouldTakeFromBothEndsWithoutLosingOrDuplicating() {
        WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(4);
        for (int i = 1; i <= 4; i++) {
            deque.push(i);
        }

        assertEquals(1, deque.steal());
        assertEquals(4, deque.pop());
        assertEquals(2, deque.steal());
        assertEquals(3, deque.pop());
        assertNull(deque.pop());
        assertNull(deque.steal());
    }

    @Test
    void shouldKeepOrderWhenGrowingFromCapacityTwo() {
        WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
        for (int i = 1; i <= 100; i++) {
            deque.push(i);
        }

        assertEquals(128, deque.capacity());
        assertEquals(100, deque.size());
        for (int i = 1; i <= 50; i++) {
            assertEquals(i, deque.steal(), "steal #" + i);
        }
        for (int i = 100; i > 50; i--) {
            assertEquals(i, deque.pop(), "pop of " + i);
        }
        assertTrue(deque.isEmpty());
    }

    @Test
    void shouldGrowWithElementsThatWrappedAroundTheOldArray() {
        WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(4);
        // advance top and bottom to 3 so the next four pushes use slots 3, 0, 1, 2
        for (int i = 0; i < 3; i++) {
            deque.push(-1);
            deque.steal();
        }
        for (int i = 1; i <= 5; i++) {
            deque.push(i);
        }

        assertEquals(8, deque.capacity());
        assertEquals(List.of(1, 2, 3, 4, 5), stealAll(deque));
    }

    @Test
    void shouldReuseSlotsWhenIndicesWrapAroundWithoutGrowing() {
        WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(4);
        int next = 0;
        for (int round = 0; round < 50; round++) {
            deque.push(next++);
            deque.push(next++);
            deque.push(next++);
            assertEquals(next - 3, deque.steal(), "round " + round);
            assertEquals(next - 1, deque.pop(), "round " + round);
            assertEquals(next - 2, deque.steal(), "round " + round);
            assertTrue(deque.isEmpty(), "round " + round);
        }

        assertEquals(4, deque.capacity());
    }

    @Test
    void shouldReportSizeAndEmptiness() {
        WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
        assertTrue(deque.isEmpty());
        assertEquals(0, deque.size());

        deque.push(1);
        deque.push(2);
        deque.push(3);
        assertFalse(deque.isEmpty());
        assertEquals(3, deque.size());

        deque.steal();
        deque.pop();
        assertEquals(1, deque.size());
        deque.pop();
        assertTrue(deque.isEmpty());
        assertEquals(0, deque.size());
    }

    @Test
    void shouldStayUsableAfterPopOnEmptyDeque() {
        WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
        assertNull(deque.pop());
        assertNull(deque.pop());
        assertEquals(0, deque.size());

        deque.push(7);
        assertEquals(1, deque.size());
        assertEquals(7, deque.steal());
    }

    @Test
    void shouldStealEveryElementOldestFirstWithStealAll() {
        WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
        for (int i = 1; i <= 5; i++) {
            deque.push(i);
        }
        List<Integer> sink = new ArrayList<>();

        assertEquals(5, deque.stealAll(sink::add));
        assertEquals(List.of(1, 2, 3, 4, 5), sink);
        assertTrue(deque.isEmpty());
    }

    @Test
    void shouldStartWithDefaultCapacity() {
        assertEquals(WorkStealingDeque.DEFAULT_CAPACITY, new WorkStealingDeque<Integer>().capacity());
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -4, 0, 1, 3, 6, (1 << 30) + 1})
    void shouldRejectCapacityThatIsNotAPowerOfTwoOfAtLeastTwo(int capacity) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new WorkStealingDeque<Integer>(capacity));
        assertTrue(e.getMessage().endsWith(": " + capacity), e.getMessage());
    }

    private static List<Integer> stealAll(WorkStealingDeque<Integer> deque) {
        List<Integer> out = new ArrayList<>();
        deque.stealAll(out::add);
        return out;
    }

    @Test
    void shouldTakeOldestFirstWhenTheOwnerPollsOldestAcrossGrowthAndWrapAround() {
        final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
        int next = 0;
        int expected = 0;
        for (int round = 0; round < 50; round++) {
            // push three (forces growth from 2 on the first round), take two: indices wrap
            for (int i = 0; i < 3; i++) {
                deque.push(next++);
            }
            assertEquals(expected++, deque.pollOldest());
            assertEquals(expected++, deque.pollOldest());
        }
        while (expected < next) {
            assertEquals(expected++, deque.pollOldest());
        }
        assertNull(deque.pollOldest());
        assertTrue(deque.isEmpty());
    }

    @Test
    void shouldReportWhetherThePushFoundTheDequeEmpty() {
        final WorkStealingDeque<Integer> deque = new WorkStealingDeque<>(2);
        assertTrue(deque.push(1));
        assertFalse(deque.push(2));
        assertEquals(1, deque.steal());
        assertEquals(2, deque.pop());
        assertTrue(deque.push(3));
    }
}
