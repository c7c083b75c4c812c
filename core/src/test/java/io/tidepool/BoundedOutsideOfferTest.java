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
import static io.tidepool.TestSupport.awaitQuietly;
import static io.tidepool.TestSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidepool.pinned.CpuSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A bounded pool's outside submission when the inbox it tries first is full: it goes on to the
 * other workers' inboxes (one helper serves both modes), and is refused only when all are full.
 * An unbounded pool takes the same path with quotas no offer reaches.
 */
class BoundedOutsideOfferTest {
    /** Holds {@code workers} workers in tasks until {@code release} opens, one at a time. */
    private static void hold(ThreadPool pool, int workers, CountDownLatch release) throws InterruptedException {
        for (int i = 0; i < workers; i++) {
            final CountDownLatch held = new CountDownLatch(1);
            pool.execute(() -> {
                held.countDown();
                awaitQuietly(release);
            });
            await(held, "worker " + i + " held");
        }
    }

    @Test
    void shouldTakeEveryOutsideTaskOfAnUnboundedPoolWhileTheWorkersAreHeldThenRejectOnceShut()
            throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("unbounded-offer").build();
        // several chunks of a lane's queue, all waiting at once: no room check may refuse one
        final int tasks = 5_000;
        final CountDownLatch ran = new CountDownLatch(tasks);
        final CountDownLatch release = new CountDownLatch(1);
        try {
            hold(pool, 2, release);
            for (int i = 0; i < tasks; i++) {
                pool.execute(ran::countDown);
            }
            assertEquals(tasks, ran.getCount(), "no task ran while both workers were held");
        } finally {
            release.countDown();
        }
        await(ran, "the " + tasks + " queued tasks");
        assertEquals(0, pool.metrics().rejectedCount());
        shutdownAndAwait(pool);
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> {}));
    }

    @Test
    void shouldFindTheRoomInAnotherWorkersInboxWhenTheFirstIsFull() throws Exception {
        // maxQueued 2 over two workers: one slot in each worker's inbox; the inbox a submission
        // tries first is random, so every other round on average starts at the full one
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("bounded-offer")
                .maxQueued(2).build();
        try {
            for (int round = 0; round < 12; round++) {
                final CountDownLatch release = new CountDownLatch(1);
                final CountDownLatch ran = new CountDownLatch(2);
                try {
                    hold(pool, 2, release);
                    pool.execute(ran::countDown);
                    pool.execute(ran::countDown);
                    assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> {}),
                            "round " + round + ": both slots taken");
                } finally {
                    release.countDown();
                }
                await(ran, "round " + round + ": the two accepted tasks");
            }
            assertEquals(12, pool.metrics().rejectedCount());
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void shouldBoundExecuteInPinnedModeOverEveryCoresTaskInbox() throws Exception {
        final CpuSet cpus = CpuSet.allowed().size() >= 2
                ? CpuSet.of(CpuSet.allowed().cpu(0), CpuSet.allowed().cpu(1)) : CpuSet.allowed();
        final int cores = cpus.size();
        final ThreadPool pool = ThreadPool.builder().namePrefix("bounded-offer-pin").pinnedCores(cpus)
                .maxQueued(cores).build();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch held = new CountDownLatch(cores);
        final CountDownLatch ran = new CountDownLatch(cores);
        try {
            for (int i = 0; i < cores; i++) {
                pool.core(i).execute(() -> {
                    held.countDown();
                    awaitQuietly(release);
                });
            }
            await(held, "every reactor held");
            for (int i = 0; i < cores; i++) {
                pool.execute(ran::countDown);
            }
            final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                    () -> pool.execute(() -> {}));
            assertEquals(true, e.getMessage().contains("maxQueued " + cores), e.getMessage());
            assertEquals(1, pool.metrics().rejectedCount());
        } finally {
            release.countDown();
        }
        await(ran, "the accepted tasks");
        shutdownAndAwait(pool);
    }
}
