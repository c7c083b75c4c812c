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

package io.tidepool.internal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.handoff.BlockingSpi;
import io.tidepool.internal.handoff.HandOffs;
import io.tidepool.internal.metrics.MetricsConfig;
import io.tidepool.internal.park.IdleSet;
import io.tidepool.internal.park.ThreadPark;
import io.tidepool.internal.timer.TimerConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A spawn from inside a deferred blocking section wakes a sleeping worker even when the
 * section's deque was not empty: the section's thread may block until that task has run, and
 * its look at the deque can be stale (a thief took the last task and went to sleep between the
 * push's read of {@code top} and its store of {@code bottom}; then, with the core retaken, a
 * one-worker pool hung). The race itself is jcstress {@code SectionPushStress}; these tests pin
 * the rule on an unstarted pool and the flag's life on a running one.
 */
@Timeout(60)
class SectionPushWakeTest {

    /** A two-worker pool whose threads never start: worker 1 sleeps, worker 0 holds a task. */
    private static Pool unstartedPoolWithWorkerOneAsleep() {
        final Pool pool = new Pool(new PoolConfig(2, "section-push", 0, true, null, null, null,
                null, i -> new ThreadPark(), 1, 1_000_000_000L, 1, 0, 1_000_000L),
                MetricsConfig.DEFAULT, TimerConfig.DEFAULT, null, HandOffs::new);
        pool.cores()[0].deque.push(() -> { });
        pool.idle().transitionToParked(1, false);
        assertEquals(IdleSet.PARKED, pool.idle().sleepState(1));
        return pool;
    }

    @Test
    void shouldWakeASleeperForAPushOntoANonEmptyDequeInASection() {
        final Pool pool = unstartedPoolWithWorkerOneAsleep();
        final WorkerCore core = pool.cores()[0];
        core.spInSection(true);
        assertTrue(((WorkStealingMode) pool.mode()).pushLocal(core, () -> { }));
        assertNotEquals(IdleSet.PARKED, pool.idle().sleepState(1),
                "a push in a section left the other worker asleep");
    }

    @Test
    void shouldNotWakeForAPushOntoANonEmptyDequeOutsideASection() {
        final Pool pool = unstartedPoolWithWorkerOneAsleep();
        final WorkerCore core = pool.cores()[0];
        assertTrue(((WorkStealingMode) pool.mode()).pushLocal(core, () -> { }));
        // the owner runs it after its current task: no wake (ForkJoinPool's rule too)
        assertEquals(IdleSet.PARKED, pool.idle().sleepState(1));
    }

    @Test
    void shouldMarkTheCoreOnlyWhileADeferredSectionIsInProgress() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("section-flag").build()) {
            final CompletableFuture<boolean[]> seen = new CompletableFuture<>();
            pool.execute(() -> {
                final WorkerThread self = (WorkerThread) Thread.currentThread();
                final WorkerCore core = self.lvCore();
                final boolean before = core.inSection;
                final boolean began = BlockingSpi.beginSection();
                final boolean during = core.inSection;
                if (began) {
                    BlockingSpi.endSection();
                }
                seen.complete(new boolean[] {before, began, during, core.inSection});
            });
            final boolean[] s = seen.get(20, TimeUnit.SECONDS);
            assertFalse(s[0], "marked before the section");
            assertTrue(s[1], "no deferred section began");
            assertTrue(s[2], "not marked during the section");
            assertFalse(s[3], "still marked after the section");
        }
    }
}
