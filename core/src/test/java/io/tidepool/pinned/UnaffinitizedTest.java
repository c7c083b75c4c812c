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

import static io.tidepool.pinned.PinnedTestSupport.allowedList;
import static io.tidepool.pinned.PinnedTestSupport.await;
import static io.tidepool.pinned.PinnedTestSupport.pinned;
import static io.tidepool.pinned.PinnedTestSupport.testCpus;
import static io.tidepool.pinned.PinnedTestSupport.tid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.affinity.Affinities;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UnaffinitizedTest {
    @BeforeAll
    static void needsAffinity() {
        assumeTrue(Affinities.backend().unsupportedReason() == null, "no affinity support");
    }

    @Test
    void shouldRunOnTheComplementOfTheReactorCpus() throws Exception {
        final CpuSet reactors = CpuSet.of(testCpus().cpu(0));
        final CpuSet rest = CpuSet.allowed().minus(reactors);
        final CpuSet expected = rest.isEmpty() ? CpuSet.allowed() : rest;
        try (ThreadPool pool = ThreadPool.builder().pinnedCores(reactors).strictAffinity(true)
                .namePrefix("unaff").build()) {
            final String list = pool.spawnUnaffinitized(() -> allowedList(tid()))
                    .get(30, TimeUnit.SECONDS);
            assertEquals(expected, CpuSet.parse(list));
            // from a reactor too, which is how it is meant to be used
            final CompletableFuture<String> fromReactor = new CompletableFuture<>();
            pool.core(reactors.cpu(0)).execute(() -> pool.spawnUnaffinitized(
                    () -> Thread.currentThread().getName() + " " + Reactor.isReactorThread())
                    .whenComplete((v, e) -> fromReactor.complete(v)));
            final String where = fromReactor.get(30, TimeUnit.SECONDS);
            assertTrue(where.matches("unaff-unaffinitized-\\d+ false"), where);
        }
    }

    @Test
    void shouldRejectWhenEveryThreadIsBusyAndTheQueueIsFull() throws Exception {
        try (ThreadPool pool = pinned("unaff-full").unaffinitized(1, 1).build()) {
            final CountDownLatch started = new CountDownLatch(1);
            final CountDownLatch gate = new CountDownLatch(1);
            final CompletableFuture<Integer> first = pool.spawnUnaffinitized(() -> {
                started.countDown();
                gate.await();
                return 1;
            });
            await(started, "the first body");
            final CompletableFuture<Integer> second = pool.spawnUnaffinitized(() -> 2);
            final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                    () -> pool.spawnUnaffinitized(() -> 3));
            assertTrue(e.getMessage().contains("full"), e.getMessage());
            gate.countDown();
            assertEquals(1, first.get(30, TimeUnit.SECONDS));
            assertEquals(2, second.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void cancelBeforeStartShouldMeanTheBodyNeverRuns() throws Exception {
        try (ThreadPool pool = pinned("unaff-cancel").unaffinitized(1, 4).build()) {
            final CountDownLatch started = new CountDownLatch(1);
            final CountDownLatch gate = new CountDownLatch(1);
            pool.spawnUnaffinitized(() -> {
                started.countDown();
                gate.await();
                return 0;
            });
            await(started, "the blocking body");
            final AtomicBoolean ran = new AtomicBoolean();
            final CompletableFuture<Integer> cancelled = pool.spawnUnaffinitized(() -> {
                ran.set(true);
                return 1;
            });
            assertTrue(cancelled.cancel(false));
            final CompletableFuture<Integer> after = pool.spawnUnaffinitized(() -> 2);
            gate.countDown();
            // one thread, FIFO: once 'after' ran, the cancelled body had its turn
            assertEquals(2, after.get(30, TimeUnit.SECONDS));
            assertFalse(ran.get(), "a body cancelled before it started ran");
            assertTrue(cancelled.isCancelled());
        }
    }

    @Test
    void shouldRefuseAfterShutdown() throws Exception {
        final ThreadPool pool = pinned("unaff-shut").build();
        assertEquals(5, pool.spawnUnaffinitized(() -> 5).get(30, TimeUnit.SECONDS));
        pool.shutdown();
        assertThrows(RejectedExecutionException.class, () -> pool.spawnUnaffinitized(() -> 6));
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
}
