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

package io.tidepool.bench.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EchoFairnessTest {
    @Test
    void shouldGiveIndexOneWhenEveryConnectionCompletedTheSameCount() {
        EchoFairness f = EchoFairness.of(new long[] {7, 7, 7, 7}, new long[] {4_000, 1_000, 3_000, 2_000});
        assertEquals(new EchoFairness(7, 7, 7, 1.0, 2.0, 4.0), f);
        assertEquals(1.0, f.spread());
    }

    @Test
    void shouldGiveIndexKOverNWhenKConnectionsGotEverything() {
        EchoFairness f = EchoFairness.of(new long[] {0, 10, 0, 10}, new long[4]);
        assertEquals(0, f.min());
        assertEquals(0, f.median());
        assertEquals(10, f.max());
        assertEquals(0.5, f.jain(), 1e-12);
        assertTrue(Double.isInfinite(f.spread()));
    }

    @Test
    void shouldTakeMinMedianMaxOfUnsortedCountsWithoutChangingThem() {
        long[] counts = {30, 10, 20, 40, 50};
        EchoFairness f = EchoFairness.of(counts, new long[5]);
        assertEquals(10, f.min());
        assertEquals(30, f.median());
        assertEquals(50, f.max());
        // (150)^2 / (5 * (900 + 100 + 400 + 1600 + 2500)) = 22500 / 27500
        assertEquals(22500.0 / 27500.0, f.jain(), 1e-12);
        assertEquals(30, counts[0]);
    }

    @Test
    void shouldRejectCountsAndP99sOfDifferentLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EchoFairness.of(new long[3], new long[2]));
        assertTrue(e.getMessage().contains("3 counts, 2 p99s"), e.getMessage());
    }

    @Test
    void shouldReportNothingForNoConnectionsOrNoRoundTrips() {
        assertEquals(EchoFairness.NONE, EchoFairness.of(new long[0], new long[0]));
        assertTrue(Double.isNaN(EchoFairness.of(new long[] {0, 0}, new long[2]).jain()));
    }
}
