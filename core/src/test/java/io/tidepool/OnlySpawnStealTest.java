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

import static io.tidepool.TestSupport.await;
import static io.tidepool.TestSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A thief gives the CPU away once before it takes the only task of another worker's deque (the
 * owner most often takes it itself a moment later). That must stay a pause, never a refusal: a
 * spawner that blocks on its only child still has the child run by another worker, whether
 * that worker was parked (woken by the spawn) or already searching.
 */
class OnlySpawnStealTest {
    /** Rounds: the other worker is parked in most, searching or just woken in some. */
    private static final int ROUNDS = 200;

    @Test
    void shouldRunTheOnlyChildOfABlockedSpawnerOnTheOtherWorker() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                final CountDownLatch childRan = new CountDownLatch(1);
                final CountDownLatch spawnerDone = new CountDownLatch(1);
                final AtomicReference<Thread> spawnerThread = new AtomicReference<>();
                final AtomicReference<Thread> childThread = new AtomicReference<>();
                final AtomicReference<Boolean> sawChild = new AtomicReference<>();
                final Runnable child = () -> {
                    childThread.set(Thread.currentThread());
                    childRan.countDown();
                };
                pool.execute(() -> {
                    spawnerThread.set(Thread.currentThread());
                    // the spawner's deque is empty: the child is its only task
                    pool.execute(child);
                    try {
                        // blocks without a section: only a thief can run the child now
                        sawChild.set(childRan.await(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        sawChild.set(false);
                    } finally {
                        spawnerDone.countDown();
                    }
                });
                await(spawnerDone, "the spawner of round " + round);
                assertEquals(Boolean.TRUE, sawChild.get(),
                        "round " + round + ": the child did not run while its spawner waited");
                assertNotSame(spawnerThread.get(), childThread.get(),
                        "round " + round + ": the child ran on its blocked spawner's thread");
            }
            assertTrue(pool.metrics().stealCount() >= ROUNDS, pool.metrics()::toString);
        } finally {
            shutdownAndAwait(pool);
        }
    }
}
