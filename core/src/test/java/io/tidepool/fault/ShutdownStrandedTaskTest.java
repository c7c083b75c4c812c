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

package io.tidepool.fault;

import static io.tidepool.fault.FaultSupport.await;
import static io.tidepool.fault.FaultSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, leftover of item 1: a submission whose wake failed after its task was queued (an
 * overflow at the stack probe, or an unpark that threw) leaves the task in an inbox with every
 * worker parked; {@code shutdown()} must still run it and terminate.
 */
@Timeout(120)
class ShutdownStrandedTaskTest {
    @Test
    void shutdownShouldWakeAWorkerForATaskQueuedWithNobodyWoken() throws Exception {
        final AtomicInteger unparkFailures = new AtomicInteger();
        final CountDownLatch parked = new CountDownLatch(2);
        final ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(0)
                .namePrefix("stranded")
                .customPark(id -> new CallbackFaultTest.FaultyPark(new AtomicInteger(),
                        unparkFailures, parked))
                .uncaughtExceptionHandler((t, e) -> { }).build();
        await(parked, "both workers parked");
        // every wake of this submission fails: the task is queued, every worker parked
        unparkFailures.set(Integer.MAX_VALUE);
        final CountDownLatch ran = new CountDownLatch(1);
        pool.execute(ran::countDown);
        assertEquals(1, ran.getCount(), "the task ran although no wake succeeded");
        assertEquals(0, pool.metrics().numUnparkedWorkers(), pool::toString);
        unparkFailures.set(0);
        shutdownAndAwait(pool);
        assertTrue(ran.getCount() == 0, "terminated without running the queued task");
    }
}
