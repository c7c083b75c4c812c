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

package io.tidepool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.internal.affinity.AffinityBackend;
import io.tidepool.internal.affinity.AffinityException;
import io.tidepool.internal.affinity.UnsupportedAffinity;
import io.tidepool.pinned.CpuSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Validation of pinned-core settings, and strict/lenient handling of pinning failures. */
class PinnedBuilderTest {
    /** A machine with CPUs 0-3 of which this process may use 0-1; pinning always fails. */
    static final class FakeBackend implements AffinityBackend {
        @Override
        public String name() {
            return "fake";
        }

        @Override
        public String unsupportedReason() {
            return null;
        }

        @Override
        public CpuSet processAllowed() {
            return CpuSet.parse("0-1");
        }

        @Override
        public CpuSet present() {
            return CpuSet.parse("0-3");
        }

        @Override
        public void pinCurrentThread(CpuSet cpus) {
            throw new AffinityException("sched_setaffinity refused CPUs " + cpus);
        }

        @Override
        public CpuSet currentThreadAllowed() {
            return processAllowed();
        }

        @Override
        public int currentCpu() {
            return -1;
        }

        @Override
        public int numaNode(int cpu) {
            return 0;
        }
    }

    private static final List<String> IGNORED = new CopyOnWriteArrayList<>();

    private static ThreadPoolBuilder fake(String cpus) {
        return ThreadPool.builder().pinnedCores(CpuSet.parse(cpus))
                .affinityBackend(new FakeBackend(), IGNORED::add);
    }

    @Test
    void shouldRejectCpusMissingOrNotAllowedNamingThemAndTheAllowedSet() {
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> fake("0,99").build());
        assertTrue(missing.getMessage().contains("CPU 99 does not exist"), missing.getMessage());
        assertTrue(missing.getMessage().contains("0-1"), missing.getMessage());
        final IllegalArgumentException notAllowed = assertThrows(IllegalArgumentException.class,
                () -> fake("1,3").build());
        assertTrue(notAllowed.getMessage().contains("CPU 3 is not in this process's allowed CPU set 0-1"),
                notAllowed.getMessage());
        // on the real machine too: CPU 99 does not exist here
        final IllegalArgumentException real = assertThrows(IllegalArgumentException.class,
                () -> ThreadPool.builder().pinnedCores(CpuSet.of(99)).build());
        assertTrue(real.getMessage().contains("CPU 99"), real.getMessage());
        assertTrue(real.getMessage().contains(CpuSet.allowed().toString()), real.getMessage());
    }

    @Test
    void shouldRejectInconsistentSettings() {
        final IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> fake("0-1").poolSize(3).build());
        assertTrue(size.getMessage().contains("poolSize 3") && size.getMessage().contains("2 CPUs"),
                size.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ThreadPool.builder().pinnedCores(CpuSet.of()).build());
        assertThrows(IllegalArgumentException.class,
                () -> ThreadPool.builder().stealing(true).build());
        assertThrows(IllegalArgumentException.class, () -> fake("0").unaffinitized(0, 1).build());
        final IllegalArgumentException detect = assertThrows(IllegalArgumentException.class,
                () -> fake("0").detectBlocking(java.time.Duration.ofMillis(100)).build());
        assertTrue(detect.getMessage().contains("detectBlocking(PT0.1S)")
                && detect.getMessage().contains("pinnedCores(0)"), detect.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fake("0").unaffinitized(1, 0).build());
        assertThrows(NullPointerException.class, () -> ThreadPool.builder().pinnedCores(null));
        assertThrows(NullPointerException.class, () -> ThreadPool.builder().idleStrategy(null));
    }

    @Test
    void pinnedOnlyMethodsShouldFailOnADefaultPool() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).build()) {
            final IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.core(0));
            assertTrue(e.getMessage().contains("pinned-core mode"), e.getMessage());
            assertThrows(IllegalStateException.class, pool::nextCore);
            assertThrows(IllegalStateException.class, () -> pool.perCore(c -> c));
            assertThrows(IllegalStateException.class, () -> pool.spawnUnaffinitized(() -> 1));
            assertTrue(pool.pinnedCores().isEmpty());
        }
    }

    @Test
    void strictModeShouldFailOnAPlatformWithoutSupport() {
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ThreadPool.builder().pinnedCores(CpuSet.of(0)).strictAffinity(true)
                        .affinityBackend(new UnsupportedAffinity("not Linux (os.name=Plan 9)"),
                                IGNORED::add)
                        .build());
        assertTrue(e.getMessage().contains("not Linux (os.name=Plan 9)"), e.getMessage());
    }

    @Test
    void strictModeShouldFailWhenAWorkerCannotBePinned() {
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> fake("0-1").namePrefix("strict-fail").strictAffinity(true).build());
        assertTrue(e.getMessage().contains("sched_setaffinity refused CPUs"), e.getMessage());
        assertTrue(e.getMessage().contains("strict-fail"), e.getMessage());
    }

    @Test
    void lenientModeShouldWarnOnceAndRunUnpinned() throws Exception {
        final List<String> warnings = new CopyOnWriteArrayList<>();
        try (ThreadPool pool = ThreadPool.builder().pinnedCores(CpuSet.of(0))
                .namePrefix("lenient")
                .affinityBackend(new UnsupportedAffinity("no taskset"), warnings::add).build()) {
            final CountDownLatch ran = new CountDownLatch(1);
            pool.core(0).execute(ran::countDown);
            assertTrue(ran.await(30, TimeUnit.SECONDS));
        }
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("lenient") && warnings.get(0).contains("no taskset")
                && warnings.get(0).contains("running unpinned"), warnings.get(0));
    }
}
