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

import org.junit.jupiter.api.Test;

/**
 * Single-threaded behaviour of the owner's shortcuts in {@link WorkStealingDeque}: the one-CAS
 * pop of the only element. The races live in the jcstress suite ({@code DequeShortcutsStress}).
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
}
