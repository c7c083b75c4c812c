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
import static io.tidepool.pinned.PinnedTestSupport.shutdownAndAwait;
import static io.tidepool.pinned.PinnedTestSupport.testCpus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.affinity.Affinities;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pinned mode's outside submission: one thread's tasks are spread over the reactors (stealing
 * is off by default, so a thread kept to one core would leave the others idle), and a
 * submission from outside after {@code shutdown()} is rejected while one from a reactor is not.
 */
class PinnedOutsideSubmitTest {
    @BeforeAll
    static void needsAffinity() {
        assumeTrue(Affinities.backend().unsupportedReason() == null, "no affinity support");
    }

    @Test
    void oneOutsideThreadsTasksShouldReachEveryReactorWithStealingOff() throws Exception {
        final CpuSet cpus = testCpus();
        assumeTrue(cpus.size() >= 2, "one allowed CPU: " + cpus);
        final ThreadPool pool = pinned("spread").build();
        try {
            // 200 tasks at random over two cores all on one: 2^-199
            final int n = 200;
            final Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
            final CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                pool.execute(() -> {
                    ranOn.add(Thread.currentThread());
                    done.countDown();
                });
            }
            await(done, "every task");
            assertEquals(cpus.size(), ranOn.size(), () -> "tasks ran on " + ranOn);
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void aReactorShouldStillSubmitAfterShutdownAndAnOutsideThreadShouldNot() throws Exception {
        final ThreadPool pool = pinned("inside").build();
        final CountDownLatch inTask = new CountDownLatch(1);
        final CountDownLatch shut = new CountDownLatch(1);
        final CountDownLatch spawned = new CountDownLatch(1);
        pool.execute(() -> {
            inTask.countDown();
            try {
                shut.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pool.execute(spawned::countDown);
        });
        await(inTask, "the first task");
        pool.shutdown();
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> {}));
        shut.countDown();
        await(spawned, "the task spawned by a reactor after shutdown()");
        shutdownAndAwait(pool);
    }
}
