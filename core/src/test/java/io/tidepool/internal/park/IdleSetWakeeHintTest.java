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

package io.tidepool.internal.park;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link IdleSet#likelyWakee}: the worker the next {@link IdleSet#workerToNotify} would pick;
 * {@link IdleSet#anyToWake}: whether it would look for one at all.
 */
class IdleSetWakeeHintTest {

    @Test
    void shouldNameTheWorkerThatTheNextWakeTakesOffTheStack() {
        final IdleSet idle = new IdleSet(3);
        assertEquals(-1, idle.likelyWakee(), "nobody parked");
        idle.transitionToParked(0, false);
        idle.transitionToParked(2, false);
        assertEquals(2, idle.likelyWakee());
        assertEquals(2, idle.workerToNotify());
        // the woken worker searches: the next submission wakes nobody, so no inbox is preferred
        assertEquals(-1, idle.likelyWakee());
        idle.transitionFromSearching();
        assertEquals(0, idle.likelyWakee());
        assertEquals(0, idle.workerToNotify());
    }

    @Test
    void shouldNameNobodyWhileAWorkerSearches() {
        final IdleSet idle = new IdleSet(3);
        idle.transitionToParked(1, false);
        idle.transitionToSearching();
        assertEquals(-1, idle.likelyWakee());
        assertEquals(-1, idle.workerToNotify());
    }

    @Test
    void anyToWakeShouldSayYesExactlyWhenSomeoneSleepsAndNobodySearches() {
        final IdleSet idle = new IdleSet(2);
        assertFalse(idle.anyToWake(), "every worker awake");
        idle.transitionToParked(0, false);
        assertTrue(idle.anyToWake(), "one parked, nobody searching");
        assertEquals(0, idle.workerToNotify());
        assertFalse(idle.anyToWake(), "the woken worker counts as searching");
        idle.transitionFromSearching();
        assertFalse(idle.anyToWake(), "every worker awake again");
        assertTrue(idle.transitionToSearching());
        idle.transitionToParked(1, false);
        assertFalse(idle.anyToWake(), "a searcher will find the work");
        idle.transitionFromSearching();
        assertTrue(idle.anyToWake());
    }
}
