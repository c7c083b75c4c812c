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

import static io.tidepool.pinned.PinnedTestSupport.await;
import static io.tidepool.pinned.PinnedTestSupport.pinned;
import static io.tidepool.pinned.PinnedTestSupport.shutdownAndAwait;
import static io.tidepool.pinned.PinnedTestSupport.testCpus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.ThreadPool;
import io.tidepool.ThreadPoolBuilder;
import io.tidepool.internal.affinity.Affinities;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PinnedShutdownTest {
    @BeforeAll
    static void needsAffinity() {
        assumeTrue(Affinities.backend().unsupportedReason() == null, "no affinity support");
    }

    @Test
    void shutdownShouldRunEverythingQueuedAndAcceptSendsFromInside() throws Exception {
        final CpuSet cpus = testCpus();
        final ThreadPool pool = pinned("drain").build();
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch blocked = new CountDownLatch(cpus.size());
        for (int cpu : cpus.toArray()) {
            pool.core(cpu).execute(() -> {
                blocked.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        await(blocked, "every core blocked");
        final int perCore = 1_000;
        final AtomicInteger ran = new AtomicInteger();
        final AtomicInteger forwarded = new AtomicInteger();
        for (int cpu : cpus.toArray()) {
            final int other = cpus.cpu((cpus.indexOf(cpu) + 1) % cpus.size());
            for (int i = 0; i < perCore; i++) {
                pool.core(cpu).execute(() -> {
                    ran.incrementAndGet();
                    // a message sent from inside after shutdown() is still accepted
                    pool.core(other).execute(forwarded::incrementAndGet);
                });
                pool.execute(ran::incrementAndGet);
            }
        }
        pool.shutdown();
        assertThrows(RejectedExecutionException.class, () -> pool.core(cpus.cpu(0)).execute(() -> {}));
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> {}));
        gate.countDown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "pool did not terminate: " + pool);
        assertEquals(2 * perCore * cpus.size(), ran.get());
        assertEquals(perCore * cpus.size(), forwarded.get());
    }

    @Test
    void shutdownNowShouldReturnEveryUnstartedTask() throws Exception {
        final CpuSet cpus = testCpus();
        final ThreadPool pool = pinned("stop").build();
        final CountDownLatch blocked = new CountDownLatch(cpus.size());
        final CountDownLatch interrupted = new CountDownLatch(cpus.size());
        for (int cpu : cpus.toArray()) {
            pool.core(cpu).execute(() -> {
                blocked.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            });
        }
        await(blocked, "every core blocked");
        final int perCore = 500;
        final AtomicInteger ran = new AtomicInteger();
        int submitted = 0;
        for (int cpu : cpus.toArray()) {
            for (int i = 0; i < perCore; i++) {
                pool.core(cpu).execute(ran::incrementAndGet);
                pool.core(cpu).send(Unaware.of(i), u -> ran.incrementAndGet());
                pool.execute(ran::incrementAndGet);
                submitted += 3;
            }
        }
        final Poller p = pool.core(cpus.cpu(0)).poller("p", Duration.ZERO, () -> 0);
        final List<Runnable> unstarted = pool.shutdownNow();
        await(interrupted, "the blocked tasks interrupted");
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "pool did not terminate: " + pool);
        // nothing lost: every task either ran or came back (the registration is not a task)
        assertEquals(submitted, ran.get() + unstarted.size(), "ran " + ran.get());
        assertEquals(submitted, unstarted.size(), "nothing queued behind a blocked core ran");
        assertTrue(p.isClosed());
    }

    @Test
    void idlePoolsShouldTerminatePromptlyWithEveryStrategy() throws Exception {
        for (ThreadPoolBuilder b : List.of(pinned("idle-backoff"),
                pinned("idle-spin").idleStrategy(BusySpinIdleStrategy::new),
                pinned("idle-sleep").idleStrategy(() -> new SleepingMillisIdleStrategy(50)))) {
            final ThreadPool pool = b.build();
            final CountDownLatch one = new CountDownLatch(1);
            pool.core(testCpus().cpu(0)).execute(one::countDown);
            await(one, "a message");
            shutdownAndAwait(pool);
            assertTrue(pool.isTerminated());
        }
    }

    @Test
    void messagesToIdlingReactorsShouldNotWaitForTheirPark() throws Exception {
        // a sleeping strategy that parks 1 s per idle turn: without the wake-up, a round trip
        // would take about a second; with it, well under
        try (ThreadPool pool = pinned("wake").idleStrategy(
                () -> new org.agrona.concurrent.SleepingIdleStrategy(TimeUnit.SECONDS.toNanos(1)))
                .build()) {
            final CoreExecutor core = pool.core(testCpus().cpu(0));
            final int rounds = 20;
            final long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                final CountDownLatch l = new CountDownLatch(1);
                core.execute(l::countDown);
                await(l, "round " + i);
            }
            final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // 20 rounds of 1 s parks would take 20 s; allow a very loaded machine 10 s
            assertTrue(ms < 10_000, rounds + " round trips took " + ms + " ms");
        }
    }
}
