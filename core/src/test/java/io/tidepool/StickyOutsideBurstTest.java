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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A burst from one outside thread while every worker is busy goes to that thread's own inbox
 * (the inbox choice is sticky per thread); the other workers must still get a share of it, by
 * stealing from that inbox.
 */
class StickyOutsideBurstTest {
    private static final int WORKERS = 2;
    private static final int BURST = 1_000;

    @Test
    void shouldLetEveryWorkerRunPartOfOneThreadsBurst() throws InterruptedException {
        try (ThreadPool pool = ThreadPool.builder().poolSize(WORKERS).namePrefix("sticky").build()) {
            // every worker held in a task, so nobody sleeps and the burst goes to one inbox
            final CountDownLatch held = new CountDownLatch(WORKERS);
            final CountDownLatch open = new CountDownLatch(1);
            for (int i = 0; i < WORKERS; i++) {
                pool.execute(() -> {
                    held.countDown();
                    await(open);
                });
            }
            assertTrue(held.await(10, TimeUnit.SECONDS), "workers held");
            final Set<Thread> runners = ConcurrentHashMap.newKeySet();
            final CountDownLatch allRunning = new CountDownLatch(WORKERS);
            final CountDownLatch done = new CountDownLatch(BURST);
            for (int i = 0; i < BURST; i++) {
                pool.execute(() -> {
                    if (runners.add(Thread.currentThread())) {
                        allRunning.countDown();
                    }
                    // a task waits until every worker ran one of the burst: without a steal
                    // from the inbox the burst went to, the first task would wait for good
                    await(allRunning);
                    done.countDown();
                });
            }
            open.countDown();
            assertTrue(done.await(30, TimeUnit.SECONDS), "burst done; ran on " + runners);
            assertEquals(WORKERS, runners.size(), runners::toString);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not reached: " + latch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
