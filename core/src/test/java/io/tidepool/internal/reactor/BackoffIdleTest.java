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

package io.tidepool.internal.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** tidepool's built-in reactor idle strategy: its phases, its bounds and its reset. */
@Timeout(30)
class BackoffIdleTest {
    @Test
    void shouldSpinThenYieldThenParkWithADoublingBoundedPeriod() {
        final BackoffIdle idle = new BackoffIdle();
        assertEquals(BackoffIdle.ACTIVE, idle.state());
        for (int i = 0; i < BackoffIdle.SPINS; i++) {
            idle.idle(0);
            assertEquals(BackoffIdle.SPINNING, idle.state(), "step " + i);
        }
        for (int i = 0; i < BackoffIdle.YIELDS; i++) {
            idle.idle(0);
            assertEquals(BackoffIdle.YIELDING, idle.state(), "yield " + i);
        }
        idle.idle(0);
        assertEquals(BackoffIdle.PARKING, idle.state());
        long expected = BackoffIdle.MIN_PARK_NANOS * 2;
        assertEquals(expected, idle.nextParkNanos());
        while (expected < BackoffIdle.MAX_PARK_NANOS) {
            idle.idle(0);
            expected = Math.min(expected * 2, BackoffIdle.MAX_PARK_NANOS);
            assertEquals(expected, idle.nextParkNanos());
        }
        idle.idle(0);
        assertEquals(BackoffIdle.MAX_PARK_NANOS, idle.nextParkNanos());
        assertEquals(BackoffIdle.PARKING, idle.state());
        assertTrue(idle.mayPark());
    }

    @Test
    void workShouldRestartTheBackoffFromSpinning() {
        final BackoffIdle idle = new BackoffIdle();
        for (int i = 0; i < BackoffIdle.SPINS + BackoffIdle.YIELDS + 5; i++) {
            idle.idle(0);
        }
        assertEquals(BackoffIdle.PARKING, idle.state());
        idle.idle(3);
        assertEquals(BackoffIdle.ACTIVE, idle.state());
        idle.idle(0);
        assertEquals(BackoffIdle.SPINNING, idle.state());
        assertEquals(BackoffIdle.MIN_PARK_NANOS, idle.nextParkNanos());
    }
}
