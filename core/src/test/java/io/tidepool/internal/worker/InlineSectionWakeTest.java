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

import io.tidepool.ThreadPool;
import io.tidepool.Waker;
import io.tidepool.internal.handoff.BlockingSpi;
import io.tidepool.internal.park.IdleSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task left on a worker's deque with no wake sent for it, while the other worker sleeps, is
 * taken by that worker when the first one runs a blocking section inline ({@code maxBlocking(0)}
 * here) and blocks until the task has run. That state is what a spawn leaves when its look at
 * the deque was stale (a thief took the last task and went to sleep between the push's read of
 * {@code top} and its store of {@code bottom}; the race itself is jcstress
 * {@code InlineSectionPushStress}); here the task reaches it on purpose, with a push that
 * bypasses the wake. Seen before the fix as a hang of {@code BlockingTest} in the blocking
 * module, about once in a few thousand runs of its scenario.
 */
@Timeout(60)
class InlineSectionWakeTest {
    private static final long WAIT_SECONDS = Eventually.WAIT_SECONDS;

    /** How the section asks for a hand-off that cannot happen. */
    private interface InlineEntry {
        /** {@return whether the hand-off happened} (it must not: the section runs inline) */
        boolean enter();
    }

    @Test
    void shouldWakeTheSleeperBeforeABlockingSectionRunsInline() throws Exception {
        assertQueuedTaskRunsElsewhere(BlockingSpi::tryHandOff);
    }

    @Test
    void shouldWakeTheSleeperBeforeAPollBasedSectionRunsInline() throws Exception {
        final Waker unused = () -> { };
        assertQueuedTaskRunsElsewhere(() -> BlockingSpi.tryHandOffOrWait(unused) != BlockingSpi.INLINE);
    }

    private static void assertQueuedTaskRunsElsewhere(InlineEntry entry) throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(0)
                .namePrefix("inline-wake").build()) {
            final CountDownLatch ran = new CountDownLatch(1);
            final CompletableFuture<String> waiter = new CompletableFuture<>();
            pool.execute(() -> {
                try {
                    final WorkerThread self = (WorkerThread) Thread.currentThread();
                    final WorkerCore own = self.lvCore();
                    final Pool internals = self.pool();
                    final int other = 1 - own.index;
                    Eventually.holds(() -> internals.idle().sleepState(other) == IdleSet.PARKED,
                            "the other worker to sleep");
                    // what a push whose wake was lost leaves: a task on the deque, no wake
                    own.deque.push(ran::countDown);
                    assertFalse(entry.enter(), "maxBlocking(0) cannot hand off");
                    // the section's body: block until the queued task has run
                    waiter.complete(ran.await(WAIT_SECONDS, TimeUnit.SECONDS) ? "ran" : "stranded");
                } catch (Throwable t) {
                    waiter.completeExceptionally(t);
                }
            });
            assertEquals("ran", waiter.get(WAIT_SECONDS + 10, TimeUnit.SECONDS),
                    "the queued task did not run while its worker blocked inline: " + pool.metrics());
        }
    }
}
