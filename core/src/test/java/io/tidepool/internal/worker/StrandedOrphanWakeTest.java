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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.park.IdleSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A task left on the orphan deque of a retaken stuck task, with every worker asleep and no wake
 * sent for it, is handed on by the detector's next scan. That state is what a spawn from the
 * stuck task leaves when it read its core just before the retake and found the deque non-empty
 * by a stale look (the thief that emptied it went to sleep; see {@code SectionPushStress} for
 * the same race inside a deferred section, where the push wakes for itself). Here the stuck
 * task reaches that state on purpose: it waits for the retake and for the new holder to sleep,
 * then pushes onto its old deque without a wake, and waits for the task it pushed.
 */
@Timeout(60)
class StrandedOrphanWakeTest {
    private static final long WAIT_SECONDS = Eventually.WAIT_SECONDS;

    @Test
    void shouldRunATaskStrandedOnAnOrphanWhileItsStuckTaskWaitsForIt() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("stranded")
                .detectBlocking(Duration.ofMillis(50)).build()) {
            final CountDownLatch ran = new CountDownLatch(1);
            final CompletableFuture<String> stuck = new CompletableFuture<>();
            pool.execute(() -> {
                try {
                    final WorkerThread self = (WorkerThread) Thread.currentThread();
                    final WorkerCore old = self.lvCore();
                    final Pool internals = self.pool();
                    Eventually.holds(() -> self.lvCore() != old, "the retake");
                    Eventually.holds(() -> internals.idle().sleepState(old.index) == IdleSet.PARKED,
                            "the new holder to sleep");
                    // what the push that raced the retake leaves: a task on the orphan, no wake
                    old.deque.push(ran::countDown);
                    stuck.complete(ran.await(WAIT_SECONDS, TimeUnit.SECONDS) ? "ran" : "stranded");
                } catch (Throwable t) {
                    stuck.completeExceptionally(t);
                }
            });
            assertEquals("ran", stuck.get(WAIT_SECONDS + 10, TimeUnit.SECONDS),
                    "the task on the orphan did not run while its stuck task waited: " + pool.metrics());
            assertTrue(ran.await(0, TimeUnit.SECONDS));
        }
    }
}
