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

import static io.tidepool.fault.FaultSupport.WAIT_SECONDS;
import static io.tidepool.fault.FaultSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 7: a task that waits on its own pool's work ({@code Future.get()}, nested
 * {@code invokeAll} and {@code invokeAny}) does not deadlock a pool whose workers all wait. Each
 * test fails by timeout (then {@code shutdownNow} frees the stuck workers) when the wait blocks
 * its worker.
 */
@Timeout(60)
class SelfWaitTest {
    private ThreadPool pool;

    @AfterEach
    void stop() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "pool did not terminate");
        }
    }

    private ThreadPool pool(int size, String name) {
        pool = ThreadPool.builder().poolSize(size).namePrefix(name).build();
        return pool;
    }

    @Test
    void aGetOfATaskQueuedBehindTheOnlyWorkerShouldComplete() throws Exception {
        final ThreadPool p = pool(1, "selfwait-get");
        final Future<Integer> outer = p.submit(() -> p.submit(() -> 41).get() + 1);
        assertEquals(42, outer.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void aTimedGetShouldCompleteToo() throws Exception {
        final ThreadPool p = pool(1, "selfwait-timed");
        final Future<Integer> outer = p.submit(() ->
                p.submit(() -> 41).get(WAIT_SECONDS, TimeUnit.SECONDS) + 1);
        assertEquals(42, outer.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void everyWorkerWaitingOnQueuedWorkShouldComplete() throws Exception {
        final ThreadPool p = pool(2, "selfwait-all");
        // both workers run a waiting task before either submits: nobody is free to run the rest
        final CountDownLatch bothRunning = new CountDownLatch(2);
        final List<Future<Integer>> outers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            final int k = i;
            outers.add(p.submit(() -> {
                bothRunning.countDown();
                if (!bothRunning.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("the other waiting task never started");
                }
                return p.submit(() -> k * 10).get() + 1;
            }));
        }
        await(bothRunning, "both waiting tasks to run");
        assertEquals(1, outers.get(0).get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(11, outers.get(1).get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void nestedGetsShouldComplete() throws Exception {
        final ThreadPool p = pool(1, "selfwait-nested");
        final Future<Integer> outer = p.submit(() -> depth(p, 4));
        assertEquals(4, outer.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    /** A task that submits the next level and waits for it, {@code n} levels deep. */
    private static int depth(ThreadPool p, int n) throws Exception {
        return n == 0 ? 0 : p.submit(() -> depth(p, n - 1)).get() + 1;
    }

    @Test
    void invokeAllFromInsideATaskShouldComplete() throws Exception {
        final ThreadPool p = pool(1, "selfwait-all-of");
        final Future<Integer> outer = p.submit(() -> {
            final List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
            int sum = 0;
            for (Future<Integer> f : p.invokeAll(tasks)) {
                sum += f.get();
            }
            return sum;
        });
        assertEquals(6, outer.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void invokeAnyFromInsideATaskShouldComplete() throws Exception {
        final ThreadPool p = pool(1, "selfwait-any-of");
        final Future<Integer> outer = p.submit(() -> p.invokeAny(List.of(() -> 7, () -> 7)));
        assertEquals(7, outer.get(WAIT_SECONDS, TimeUnit.SECONDS));
        final Future<Integer> timed = p.submit(() ->
                p.invokeAny(List.of(() -> 8), WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(8, timed.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }
}
