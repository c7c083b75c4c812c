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

import static io.tidepool.pinned.PinnedTestSupport.await;
import static io.tidepool.pinned.PinnedTestSupport.pinned;
import static io.tidepool.pinned.PinnedTestSupport.testCpus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.affinity.Affinities;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tasks queued on a busy reactor: stolen only with stealing on; messages never. */
class StealingTest {
    @BeforeAll
    static void needsTwoCpus() {
        assumeTrue(Affinities.backend().unsupportedReason() == null, "no affinity support");
        assumeTrue(testCpus().size() >= 2, "needs two CPUs");
    }

    /**
     * On core A, a message spawns {@code tasks} tasks onto A's deque and then blocks until
     * {@code gate} opens; the CPUs that ran them are collected in {@code ran}.
     */
    private static void spawnThenBlock(ThreadPool pool, int a, int tasks, CountDownLatch gate,
            CountDownLatch blocked, CountDownLatch done, Set<Integer> ran) {
        pool.core(a).execute(() -> {
            for (int i = 0; i < tasks; i++) {
                pool.execute(() -> {
                    ran.add(Reactor.currentCore());
                    done.countDown();
                });
            }
            blocked.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void withStealingOnAnIdleReactorShouldTakeTasksOfABlockedOne() throws Exception {
        final int a = testCpus().cpu(0);
        final int b = testCpus().cpu(1);
        try (ThreadPool pool = pinned("steal-on").stealing(true).build()) {
            final CountDownLatch gate = new CountDownLatch(1);
            final CountDownLatch blocked = new CountDownLatch(1);
            final CountDownLatch done = new CountDownLatch(100);
            final Set<Integer> ran = ConcurrentHashMap.newKeySet();
            spawnThenBlock(pool, a, 100, gate, blocked, done, ran);
            await(blocked, "core A blocked");
            await(done, "the tasks, stolen by core B while A is blocked");
            assertEquals(Set.of(b), ran);
            gate.countDown();
        }
    }

    @Test
    void withStealingOffTasksShouldWaitForTheirOwnReactor() throws Exception {
        final int a = testCpus().cpu(0);
        try (ThreadPool pool = pinned("steal-off").build()) {
            final CountDownLatch gate = new CountDownLatch(1);
            final CountDownLatch blocked = new CountDownLatch(1);
            final CountDownLatch done = new CountDownLatch(100);
            final Set<Integer> ran = ConcurrentHashMap.newKeySet();
            spawnThenBlock(pool, a, 100, gate, blocked, done, ran);
            await(blocked, "core A blocked");
            // nothing runs them while A is blocked (an observation window, not a wait)
            assertFalse(done.await(300, TimeUnit.MILLISECONDS), "tasks left their blocked reactor");
            assertEquals(100, done.getCount(), "tasks left their blocked reactor");
            gate.countDown();
            await(done, "the tasks, after A is released");
            assertEquals(Set.of(a), ran);
        }
    }
}
