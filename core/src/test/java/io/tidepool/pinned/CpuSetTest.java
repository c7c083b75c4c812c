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

package io.tidepool.pinned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuSetTest {
    @Test
    void shouldParseListsAndRangesAndPrintTheCanonicalForm() {
        final CpuSet s = CpuSet.parse("0-3,6");
        assertArrayEquals(new int[] {0, 1, 2, 3, 6}, s.toArray());
        assertEquals("0-3,6", s.toString());
        assertEquals(5, s.size());
        assertTrue(s.contains(6));
        assertFalse(s.contains(5));
        assertFalse(s.contains(-1));
        assertEquals(6, s.cpu(4));
        assertEquals(4, s.indexOf(6));
        assertEquals(-1, s.indexOf(5));
        assertEquals("1,3-4,7-8", CpuSet.parse(" 8,7,1,3-4 ").toString());
        assertEquals("0-1", CpuSet.of(1, 0).toString());
        assertEquals("5", CpuSet.range(5, 5).toString());
        assertEquals(CpuSet.parse("2-4"), CpuSet.range(2, 4));
        assertEquals(CpuSet.parse("2-4").hashCode(), CpuSet.of(2, 3, 4).hashCode());
        assertNotEquals(CpuSet.of(1), CpuSet.of(2));
        assertEquals("", CpuSet.of().toString());
        assertEquals(15, CpuSet.of(1, 5, 9).stream().sum());
    }

    @Test
    void shouldRoundTripThroughToString() {
        for (String text : new String[] {"0", "0-1", "0,2,4", "1-3,5-9,11", "65535"}) {
            final CpuSet s = CpuSet.parse(text);
            assertEquals(text, s.toString());
            assertEquals(s, CpuSet.parse(s.toString()));
        }
    }

    @Test
    void shouldComputeDifferencesAndSubsets() {
        final CpuSet all = CpuSet.parse("0-7");
        assertEquals("0-1,4-7", all.minus(CpuSet.parse("2-3")).toString());
        assertTrue(all.minus(all).isEmpty());
        assertTrue(all.containsAll(CpuSet.of(0, 7)));
        assertFalse(CpuSet.of(0, 7).containsAll(all));
    }

    @Test
    void shouldRejectBadSyntaxNamingTheTextAndPosition() {
        assertBad("0-", "\"0-\" at position 2", "expected a CPU number");
        assertBad("3-1", "\"3-1\" at position 0", "range end 1 is below its start 3");
        assertBad("a", "\"a\" at position 0", "found 'a'");
        assertBad("", "\"\"", "empty");
        assertBad("   ", "\"   \"", "empty");
        assertBad("0,0", "\"0,0\" at position 2", "CPU 0 is listed twice");
        assertBad("0-3,2", "\"0-3,2\" at position 4", "CPU 2 is listed twice");
        assertBad("1,", "\"1,\" at position 2", "expected a CPU number at the end");
        assertBad("1;2", "\"1;2\" at position 1", "expected ',' or '-' but found ';'");
        assertBad("1 ,2", "at position 1", "found ' '");
        assertBad("65536", "\"65536\"", "CPU 65536 is above 65535");
        assertBad("99999999999", "\"99999999999\"", "is above 65535");
        assertBad("-1", "\"-1\" at position 0", "found '-'");
    }

    @Test
    void shouldRejectBadCpusInFactories() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuSet.of(1, 1))
                .getMessage().contains("CPU 1 is listed twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuSet.of(-3))
                .getMessage().contains("-3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuSet.range(3, 1))
                .getMessage().contains("range end 1 is below its start 3"));
        assertThrows(IndexOutOfBoundsException.class, () -> CpuSet.of(1).cpu(1));
        assertThrows(NullPointerException.class, () -> CpuSet.parse(null));
    }

    @Test
    void shouldReportTheProcessAllowedSet() {
        final CpuSet allowed = CpuSet.allowed();
        assertFalse(allowed.isEmpty());
        assertTrue(allowed.size() <= Math.max(Runtime.getRuntime().availableProcessors(),
                allowed.size()));
        assertEquals(allowed, CpuSet.parse(allowed.toString()));
    }

    private static void assertBad(String text, String... fragments) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CpuSet.parse(text), text);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + e.getMessage() + "' lacks '" + f + "'");
        }
    }
}
