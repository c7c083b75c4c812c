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

package io.tidepool.blocking;

import static io.tidepool.blocking.PoolThreads.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import io.tidepool.Worker;
import io.tidepool.internal.handoff.BlockingSpi;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Sections that keep outlasting the grace period hand off at entry: after two sections in a row
 * were handed off by the monitor, the next one gives its worker away before its body runs (no
 * grace period of stalled queues); one short section switches back to deferring.
 */
class EagerSectionTest {

    /** How long a long section's body lasts at least (past the monitor's 100 µs grace). */
    private static final long LONG_NANOS = 500_000L;

    /** Runs of the switch-back scenario before it counts as failed (see its test). */
    private static final int SHORT_ATTEMPTS = 5;

    /**
     * Runs one section per task, one task after the other; returns whether each section was
     * deferred (began with its worker) rather than handed off at entry. A long body first waits until its worker was handed off, so the monitor
     * has handed off every long deferred section, then runs on for {@link #LONG_NANOS}.
     */
    private static List<Boolean> runSections(ThreadPool pool, boolean... longBodies)
            throws InterruptedException {
        final List<Boolean> workerAtEntry = new ArrayList<>();
        for (boolean longBody : longBodies) {
            final AtomicBoolean onWorker = new AtomicBoolean();
            final AtomicBoolean atEntry = new AtomicBoolean();
            final CountDownLatch done = new CountDownLatch(1);
            pool.execute(() -> {
                onWorker.set(Worker.current().isPresent());
                Blocking.run(() -> {
                    final long start = System.nanoTime();
                    // deferred (began with the worker) or handed off at entry; the monitor may
                    // hand a deferred section off before this line, which does not change it
                    atEntry.set(BlockingSpi.inDeferredSection());
                    if (longBody) {
                        PoolThreads.awaitHandedOff();
                        // the section's work: it lasts past the grace period either way
                        while (System.nanoTime() - start < LONG_NANOS) {
                            Thread.onSpinWait();
                        }
                    }
                });
                done.countDown();
            });
            await(done, "a section");
            assertTrue(onWorker.get(), "a task ran without a worker");
            workerAtEntry.add(atEntry.get());
        }
        return workerAtEntry;
    }

    @Test
    void shouldHandOffAtEntryOnceSectionsKeepOutlastingTheGracePeriod() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(2)
                .namePrefix("eager-on").build()) {
            // two long sections (deferred, handed off by the monitor), then two more, which
            // hand off at entry
            final List<Boolean> atEntry = runSections(pool, true, true, true, true);
            assertEquals(List.of(true, true, false, false), atEntry,
                    "which sections were deferred");
        }
    }

    /**
     * Whether the third section counts as short is measured in wall time (it must end within the
     * 100 µs grace period after its hand-off at entry), and on a machine with two CPUs the
     * section's thread can lose its CPU for longer than that to the backup it just woke. So the
     * scenario runs up to {@value #SHORT_ATTEMPTS} times: the first three sections must come out
     * the same every time (two long ones switch to hand-off at entry), and at least one run must
     * show the switch back. With the switch back removed, no run does.
     */
    @Test
    void shouldDeferAgainAfterAShortSection() throws Exception {
        final List<List<Boolean>> runs = new ArrayList<>();
        for (int attempt = 0; attempt < SHORT_ATTEMPTS; attempt++) {
            try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(2)
                    .namePrefix("eager-off").build()) {
                // two long ones switch to hand-off at entry; the third is short (handed off at
                // entry, it ends within the grace period), so the fourth defers again
                final List<Boolean> atEntry = runSections(pool, true, true, false, false);
                assertEquals(List.of(true, true, false), atEntry.subList(0, 3),
                        "which of the first three sections were deferred");
                runs.add(atEntry);
                if (atEntry.get(3)) {
                    return;
                }
            }
        }
        throw new AssertionError("the section after a short one never deferred again: " + runs);
    }

    @Test
    void shouldKeepDeferringShortSections() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(2)
                .namePrefix("eager-short").build()) {
            final List<Boolean> atEntry = runSections(pool, false, false, false, false, false);
            assertEquals(List.of(true, true, true, true, true), atEntry);
        }
    }
}
