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

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link IdleSet#claimParked}, the take-back's claim: a non-searching wake of the last sleeper. */
class IdleSetClaimTest {

    @Test
    void shouldClaimTheWorkerParkedLastAsAnAwakeNonSearchingWorker() {
        final IdleSet idle = new IdleSet(3);
        idle.transitionToParked(0, false);
        idle.transitionToParked(2, false);
        assertEquals(1, idle.unparkedCount());
        final List<Integer> asked = new ArrayList<>();
        assertEquals(2, idle.claimParked(i -> asked.add(i)));
        assertEquals(List.of(2), asked);
        assertEquals(IdleSet.CLAIMED, idle.sleepState(2));
        assertEquals(2, idle.unparkedCount());
        assertEquals(0, idle.searchingCount());
        // off the stack: no other wake reaches it
        assertFalse(idle.unparkById(2));
        assertEquals(0, idle.workerToNotify());
        assertEquals(-1, idle.claimParked(i -> true));
    }

    @Test
    void shouldChangeNothingWhenRefusedOrWhenNobodyIsParked() {
        final IdleSet idle = new IdleSet(2);
        assertEquals(-1, idle.claimParked(i -> true));
        idle.transitionToParked(1, false);
        assertEquals(-1, idle.claimParked(i -> false));
        assertEquals(IdleSet.PARKED, idle.sleepState(1));
        assertEquals(1, idle.unparkedCount());
        assertEquals(1, idle.claimParked(i -> true));
        assertEquals(2, idle.unparkedCount());
    }

    @Test
    void shouldPutAWithdrawnClaimBackOnTheStackUnlessTheWorkerAcceptedIt() {
        final IdleSet idle = new IdleSet(2);
        idle.transitionToParked(0, false);
        idle.transitionToParked(1, false);
        assertEquals(1, idle.claimParked(i -> true));
        assertTrue(idle.withdrawClaim(1));
        assertEquals(IdleSet.PARKED, idle.sleepState(1));
        assertEquals(0, idle.unparkedCount());
        // back at the bottom: the next claim takes the other sleeper
        assertEquals(0, idle.claimParked(i -> true));
        assertEquals(IdleSet.CLAIMED, idle.acknowledgeWake(0));
        assertEquals(IdleSet.AWAKE, idle.sleepState(0));
        assertFalse(idle.withdrawClaim(0), "accepted claims stay");
        assertEquals(1, idle.unparkedCount());
        assertEquals(0, idle.searchingCount());
    }
}
