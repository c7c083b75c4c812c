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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An idle pool's workers are parked and cost no CPU. */
class IdleCpuTest {
    private static final long IDLE_MILLIS = 2_000;
    /** 5% of one core over the idle window. */
    private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS) / 20;

    @Test
    @Timeout(30)
    void shouldBurnNoCpuWhenIdleAfterABurstOfWork() throws Exception {
        final ThreadCpuClock clock = ThreadCpuClock.platform();
        assumeTrue(clock != null, "per-thread CPU time is not supported here");
        final int n = 2;
        final List<Thread> workers = new CopyOnWriteArrayList<>();
        final ThreadPool pool = ThreadPool.builder().poolSize(n)
                .afterStart(() -> workers.add(Thread.currentThread())).build();
        try {
            // a burst with spawns from inside, so that every worker searches, steals and spins
            final int tasks = 200_000;
            final CountDownLatch done = new CountDownLatch(tasks);
            for (int i = 0; i < tasks / 2; i++) {
                pool.execute(() -> {
                    done.countDown();
                    pool.execute(done::countDown);
                });
            }
            await(done, "the burst");
            assertEquals(n, workers.size());
            final long before = cpuNanos(clock, workers);
            assertTrue(before > 0, "the clock saw no CPU time for the burst: not measuring the workers");
            final long wallStart = System.nanoTime();
            // the measurement window: a timed wait on a latch that never opens
            new CountDownLatch(1).await(IDLE_MILLIS, TimeUnit.MILLISECONDS);
            final long wall = System.nanoTime() - wallStart;
            final long used = cpuNanos(clock, workers) - before;
            final double percentOfCore = 100.0 * used / wall;
            System.out.printf("idle pool of %d workers: %.3f ms CPU over %d ms (%.3f%% of one core)%n",
                    n, used / 1e6, TimeUnit.NANOSECONDS.toMillis(wall), percentOfCore);
            assertTrue(used < BUDGET_NANOS, String.format(
                    "idle workers used %.3f ms CPU in %d ms (%.2f%% of a core): %s",
                    used / 1e6, TimeUnit.NANOSECONDS.toMillis(wall), percentOfCore, pool));
        } finally {
            shutdownAndAwait(pool);
        }
    }

    private static long cpuNanos(ThreadCpuClock clock, List<Thread> threads)
            throws ReflectiveOperationException {
        long sum = 0;
        for (Thread t : threads) {
            final long ns = clock.cpuNanos(t);
            assertTrue(ns >= 0, "no CPU time for " + t.getName());
            sum += ns;
        }
        return sum;
    }
}
