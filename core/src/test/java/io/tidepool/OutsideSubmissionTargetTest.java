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

import static io.tidepool.TestSupport.awaitAllParked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Out of idle, a task submitted from outside goes to the inbox of the worker that its
 * submission wakes, so that worker runs it without searching the other workers' queues.
 */
class OutsideSubmissionTargetTest {
    private static final int ROUNDS = 20;

    @Test
    void shouldQueueAnOutsideTaskWhereTheWokenWorkerLooksFirst() throws InterruptedException {
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("target").build()) {
            for (int round = 0; round < ROUNDS; round++) {
                awaitAllParked(pool);
                final CountDownLatch ran = new CountDownLatch(1);
                pool.execute(ran::countDown);
                assertTrue(ran.await(10, TimeUnit.SECONDS), "round " + round);
            }
            awaitAllParked(pool);
            // with a random inbox, about half the rounds would wake a worker whose own queues
            // are empty, and it would find the task by searching (a steal operation)
            assertEquals(0, pool.metrics().stealOperations(), pool.metrics()::toString);
            assertEquals(ROUNDS, pool.metrics().pollCount());
        }
    }
}
