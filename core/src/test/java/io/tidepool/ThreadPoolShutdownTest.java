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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** shutdown(): finish what was accepted, refuse new work from outside, terminate. */
@Timeout(30)
class ThreadPoolShutdownTest {
    /** Two workers blocked on {@code release}; returns once both tasks are running. */
    static void blockWorkers(ThreadPool pool, int n, CountDownLatch release) throws InterruptedException {
        final CountDownLatch blocked = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.execute(() -> {
                blocked.countDown();
                awaitQuietly(release);
            });
        }
        await(blocked, n + " blocking tasks to start");
    }

    @Test
    void shouldRunEveryQueuedTaskAfterShutdownAndRejectNewOnes() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("draining").build();
        final CountDownLatch release = new CountDownLatch(1);
        blockWorkers(pool, 2, release);
        final int queued = 1_000;
        final AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < queued; i++) {
            pool.execute(ran::incrementAndGet);
        }
        pool.shutdown();
        assertTrue(pool.isShutdown());
        assertFalse(pool.isTerminated());
        final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> pool.execute(ran::incrementAndGet));
        assertTrue(e.getMessage().contains("draining"), e.getMessage());
        assertTrue(e.getMessage().contains("SHUTDOWN"), e.getMessage());
        assertThrows(RejectedExecutionException.class, () -> pool.submit(() -> 1));
        assertThrows(RejectedExecutionException.class, () -> pool.spawn(cx -> Poll.ready(1)));
        assertFalse(pool.awaitTermination(50, TimeUnit.MILLISECONDS), "terminated while blocked");
        release.countDown();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), pool.toString());
        assertTrue(pool.isTerminated());
        assertEquals(queued, ran.get());
        final RejectedExecutionException after = assertThrows(RejectedExecutionException.class,
                () -> pool.execute(ran::incrementAndGet));
        assertTrue(after.getMessage().contains("draining"), after.getMessage());
        assertTrue(after.getMessage().contains("TERMINATED"), after.getMessage());
    }

    @Test
    void shouldRunTasksSpawnedFromInsideDuringShutdown() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger ran = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final int fanOut = 100;
        pool.execute(() -> {
            inside.countDown();
            awaitQuietly(release);
            try {
                for (int i = 0; i < fanOut; i++) {
                    pool.execute(() -> {
                        ran.incrementAndGet();
                        pool.execute(ran::incrementAndGet);
                    });
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        await(inside, "the spawning task to start");
        pool.shutdown();
        release.countDown();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), pool.toString());
        assertNull(failure.get(), "a spawn from inside was rejected during shutdown");
        assertEquals(2 * fanOut, ran.get());
    }

    @Test
    void shouldCompleteTerminationFuturesOnlyWhenTerminated() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        final CompletableFuture<Void> termination = pool.terminationFuture();
        assertFalse(termination.isDone());
        assertTrue(pool.terminationFuture().cancel(true), "cancelling a copy");
        assertTrue(pool.terminationFuture().complete(null), "completing a copy");
        assertFalse(pool.isShutdown(), "touching a copy shut the pool down");
        assertFalse(pool.isTerminated(), "touching a copy terminated the pool");
        final CountDownLatch release = new CountDownLatch(1);
        blockWorkers(pool, 1, release);
        final CompletableFuture<Void> onIdle = pool.shutdownOnIdle();
        assertTrue(pool.isShutdown());
        assertFalse(onIdle.isDone());
        assertFalse(termination.isDone());
        release.countDown();
        onIdle.get(20, TimeUnit.SECONDS);
        termination.get(20, TimeUnit.SECONDS);
        assertTrue(pool.isTerminated());
        assertTrue(pool.terminationFuture().isDone());
        assertTrue(pool.shutdownOnIdle().isDone(), "shutdownOnIdle after termination");
        assertTrue(pool.awaitTermination(0, TimeUnit.SECONDS));
    }

    @Test
    void shouldStayAliveForPendingAsyncTasksAfterShutdown() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        final AtomicReference<Waker> waker = new AtomicReference<>();
        final CountDownLatch firstPoll = new CountDownLatch(1);
        final AtomicInteger polls = new AtomicInteger();
        final TaskHandle<String> handle = pool.spawn(cx -> {
            if (polls.incrementAndGet() == 1) {
                waker.set(cx.waker());
                firstPoll.countDown();
                return Poll.pending();
            }
            return Poll.ready("woken after shutdown");
        });
        await(firstPoll, "first poll");
        pool.shutdown();
        assertFalse(pool.awaitTermination(200, TimeUnit.MILLISECONDS),
                "terminated with an async task pending");
        assertFalse(pool.isTerminated());
        final Thread external = new Thread(() -> waker.get().wake(), "late-waker");
        external.start();
        external.join();
        assertEquals("woken after shutdown", handle.get(20, TimeUnit.SECONDS));
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), pool.toString());
    }

    @Test
    void shouldTerminateWhenAPendingAsyncTaskIsCancelledAfterShutdown() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        final CountDownLatch firstPoll = new CountDownLatch(1);
        final TaskHandle<String> handle = pool.spawn(cx -> {
            firstPoll.countDown();
            return Poll.pending();
        });
        await(firstPoll, "first poll");
        pool.shutdown();
        assertFalse(pool.awaitTermination(100, TimeUnit.MILLISECONDS),
                "terminated with an async task pending");
        assertTrue(handle.cancel(false));
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), pool.toString());
    }

    @Test
    void shouldTerminateAnIdlePoolPromptlyOnShutdown() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(4).build();
        shutdownAndAwait(pool);
        shutdownAndAwait(pool);
        assertTrue(pool.isShutdown());
    }

    // ------------------------------------------------------------------ shutdownNow

    @Test
    void shouldReturnExactlyTheUnstartedTasksFromShutdownNowAndInterruptRunningOnes() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("stopping").build();
        final CountDownLatch blocked = new CountDownLatch(2);
        final CountDownLatch interrupted = new CountDownLatch(2);
        final CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                blocked.countDown();
                try {
                    never.await(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            });
        }
        await(blocked, "both workers to block");
        final int n = 500;
        final AtomicInteger ran = new AtomicInteger();
        final Set<Runnable> queued = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < n; i++) {
            final Runnable task = ran::incrementAndGet;
            queued.add(task);
            pool.execute(task);
        }
        assertEquals(n, queued.size());
        final List<Runnable> unstarted = pool.shutdownNow();
        assertEquals(n, unstarted.size(), "unstarted tasks returned");
        final Set<Runnable> returned = Collections.newSetFromMap(new IdentityHashMap<>());
        returned.addAll(unstarted);
        assertEquals(queued, returned, "the returned tasks are the queued ones");
        await(interrupted, "both running tasks to be interrupted");
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), pool.toString());
        assertEquals(0, ran.get(), "tasks ran after shutdownNow");
        final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                () -> pool.execute(ran::incrementAndGet));
        assertTrue(e.getMessage().contains("stopping"), e.getMessage());
        assertTrue(pool.shutdownNow().isEmpty(), "a second shutdownNow");
    }

    @Test
    void shouldRejectSpawnsFromInsideAfterShutdownNow() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).build();
        final CountDownLatch blocked = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        final AtomicReference<Throwable> spawnOutcome = new AtomicReference<>();
        final AtomicInteger ran = new AtomicInteger();
        pool.execute(() -> {
            blocked.countDown();
            try {
                new CountDownLatch(1).await(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            try {
                pool.execute(ran::incrementAndGet);
                spawnOutcome.set(new AssertionError("accepted"));
            } catch (Throwable t) {
                spawnOutcome.set(t);
            }
        });
        await(blocked, "the worker to block");
        assertTrue(pool.shutdownNow().isEmpty());
        await(interrupted, "the running task to be interrupted");
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), pool.toString());
        assertTrue(spawnOutcome.get() instanceof RejectedExecutionException,
                String.valueOf(spawnOutcome.get()));
        assertEquals(0, ran.get());
    }

    @Test
    void shouldCancelAsyncTasksOnShutdownNowWithoutReturningThem() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).build();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch pendingPolled = new CountDownLatch(1);
        final TaskHandle<String> pending = pool.spawn(cx -> {
            pendingPolled.countDown();
            return Poll.pending();
        });
        await(pendingPolled, "first poll");
        blockWorkers(pool, 1, release);
        final TaskHandle<String> queued = pool.spawn(cx -> Poll.ready("polled"));
        final Runnable plain = () -> { };
        pool.execute(plain);
        final List<Runnable> unstarted = pool.shutdownNow();
        release.countDown();
        assertEquals(1, unstarted.size());
        assertSame(plain, unstarted.get(0));
        assertTrue(pending.isCancelled());
        assertTrue(queued.isCancelled());
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), pool.toString());
    }

    @RepeatedTest(5)
    @Timeout(60)
    void shouldAccountForEveryTaskAsRanReturnedOrRejectedUnderConcurrentSubmission() throws Exception {
        final int submitters = 4;
        final int perSubmitter = 100_000;
        final int roots = submitters * perSubmitter;
        // roots have ids 0..roots-1; every even root spawns child roots + id from inside
        final ShutdownNowAccounting book = new ShutdownNowAccounting(2 * roots);
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        final CountDownLatch someRan = new CountDownLatch(1_000);
        final List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < submitters; s++) {
            final int base = s * perSubmitter;
            final Thread t = new Thread(() -> {
                // a submitter stops at its first rejection: all later ones would be rejected too
                boolean accepted = true;
                for (int i = 0; i < perSubmitter && accepted; i++) {
                    final int id = base + i;
                    accepted = book.submit(pool, id, () -> {
                        someRan.countDown();
                        if ((id & 1) == 0) {
                            book.submit(pool, roots + id, null);
                        }
                    });
                }
            }, "submitter-" + s);
            t.start();
            threads.add(t);
        }
        await(someRan, "some tasks to run");
        final List<Runnable> unstarted = pool.shutdownNow();
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), pool.toString());
        book.returned(unstarted);
        final String problems = book.problems();
        if (!problems.isEmpty()) {
            fail(problems);
        }
        assertTrue(book.rejectedCount() > 0,
                "every submission finished before shutdownNow: the race was not exercised");
    }
}
