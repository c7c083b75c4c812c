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

import static io.tidepool.TestSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No lost wake-ups: while a task is queued and a worker is parked, the task must not wait for a
 * busy worker. Two tasks that must meet (each blocks until the other runs) on a pool of two
 * workers can only both finish if the second one is picked up by the idle worker.
 */
class LostWakeupTest {
    private static final int ROUNDS = 60_000;

    @Test
    @Timeout(60)
    void shouldRunTwoTasksThatMustMeetOnTheTwoWorkersOfAPool() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("meet").build();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                final CyclicBarrier meet = new CyclicBarrier(2);
                final CountDownLatch done = new CountDownLatch(2);
                final AtomicReference<String> stranded = new AtomicReference<>();
                for (int i = 0; i < 2; i++) {
                    pool.execute(() -> {
                        try {
                            meet.await(1, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            // the pool's state while the partner is still missing
                            stranded.compareAndSet(null, pool.toString());
                        }
                        done.countDown();
                    });
                }
                assertTrue(done.await(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS), pool.toString());
                if (stranded.get() != null) {
                    fail("round " + round + ": a task stayed queued for 1 s while a worker was idle: "
                            + stranded.get());
                }
            }
        } finally {
            shutdownAndAwait(pool);
        }
    }
}
