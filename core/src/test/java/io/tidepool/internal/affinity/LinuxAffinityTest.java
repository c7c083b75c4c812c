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

package io.tidepool.internal.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.pinned.CpuSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LinuxAffinityTest {
    @Test
    void shouldReadTheProcessorFieldAfterTheLastParenthesis() {
        // comm "a) (b" holds blanks and parentheses; processor (field 39) is 7
        final StringBuilder sb = new StringBuilder("42 (a) (b) S");
        for (int field = 4; field <= 52; field++) {
            sb.append(' ').append(field == 39 ? 7 : field * 10);
        }
        assertEquals(7, LinuxAffinity.processorField(sb.toString()));
        assertThrows(IllegalArgumentException.class, () -> LinuxAffinity.processorField("1 (x) S 2"));
    }

    @Test
    void shouldPinAThreadAndReadItBack() throws Exception {
        final AffinityBackend backend = Affinities.backend();
        assumeTrue(backend.unsupportedReason() == null, "no affinity support here");
        final CpuSet allowed = backend.processAllowed();
        final int target = allowed.cpu(allowed.size() - 1);
        final AtomicReference<Object> result = new AtomicReference<>();
        final Thread t = new Thread(() -> {
            try {
                backend.pinCurrentThread(CpuSet.of(target));
                result.set(new Object[] {backend.currentThreadAllowed(), backend.currentCpu()});
            } catch (Throwable e) {
                result.set(e);
            }
        });
        t.start();
        t.join(20_000);
        assertTrue(result.get() instanceof Object[], () -> "pin failed: " + result.get());
        final Object[] r = (Object[]) result.get();
        assertEquals(CpuSet.of(target), r[0]);
        assertEquals(target, r[1]);
        assertNull(backend.unsupportedReason());
        assertTrue(backend.numaNode(target) >= 0, "NUMA node of CPU " + target);
    }

    @Test
    void shouldReportTasksetFailuresWithItsMessage() {
        final AffinityBackend backend = LinuxAffinity.detectTaskset();
        assumeTrue(backend.unsupportedReason() == null, "no affinity support here");
        final CpuSet absent = CpuSet.of(CpuSet.MAX_CPU);
        final AffinityException e = assertThrows(AffinityException.class,
                () -> backend.pinCurrentThread(absent));
        assertTrue(e.getMessage().contains("failed with exit code"), e.getMessage());
        assertTrue(e.getMessage().contains("65535"), e.getMessage());
    }

    @Test
    void unsupportedBackendShouldRefuseToPinWithItsReason() {
        final UnsupportedAffinity u = new UnsupportedAffinity("testing");
        assertEquals("testing", u.unsupportedReason());
        assertEquals(-1, u.currentCpu());
        assertTrue(assertThrows(AffinityException.class, () -> u.pinCurrentThread(CpuSet.of(0)))
                .getMessage().contains("testing"));
    }
}
