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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.affinity.Affinities;
import io.tidepool.pinned.CpuSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 5: termination waits for accepted unaffinitized bodies, as it does for
 * {@code spawnBlocking} jobs, and {@code shutdownNow()} cancels the futures of the bodies it
 * dropped.
 */
@Timeout(90)
class UnaffinitizedTerminationTest {
    @BeforeEach
    void needsAffinity() {
        assumeTrue(Affinities.backend().unsupportedReason() == null, "no affinity support");
    }

    private static ThreadPool pinned(String name) {
        return ThreadPool.builder().pinnedCores(CpuSet.of(CpuSet.allowed().cpu(0)))
                .unaffinitized(1, 4).namePrefix(name).build();
    }

    @Test
    void terminationShouldWaitForRunningAndQueuedBodies() throws Exception {
        final ThreadPool pool = pinned("unaff-wait");
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CompletableFuture<String> running = pool.spawnUnaffinitized(() -> {
            started.countDown();
            release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            return "a";
        });
        final CompletableFuture<String> queued = pool.spawnUnaffinitized(() -> "b");
        await(started, "the first body");
        pool.shutdown();
        // the first body is still blocked: the pool must not report itself terminated
        assertFalse(pool.awaitTermination(300, TimeUnit.MILLISECONDS),
                "terminated while an unaffinitized body runs and another is queued");
        release.countDown();
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), pool::toString);
        // awaitTermination returned: both bodies had finished
        assertEquals("a", running.getNow(null));
        assertEquals("b", queued.getNow(null));
    }

    @Test
    void shutdownNowShouldCancelTheFuturesOfDroppedBodies() throws Exception {
        final ThreadPool pool = pinned("unaff-stop");
        final CountDownLatch started = new CountDownLatch(1);
        final CompletableFuture<String> running = pool.spawnUnaffinitized(() -> {
            started.countDown();
            new CountDownLatch(1).await(WAIT_SECONDS, TimeUnit.SECONDS);
            return "interrupted late";
        });
        final CompletableFuture<String> queued = pool.spawnUnaffinitized(() -> "never");
        await(started, "the first body");
        pool.shutdownNow();
        assertThrows(CancellationException.class,
                () -> queued.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), pool::toString);
        // shutdownNow interrupted the running body: it ended before termination
        assertTrue(running.isDone(), "the running body outlived termination");
    }
}
