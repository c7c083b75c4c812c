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

import static io.tidepool.BackpressureTest.holdWorkers;
import static io.tidepool.BackpressureTest.named;
import static io.tidepool.TestSupport.WAIT_SECONDS;
import static io.tidepool.TestSupport.await;
import static io.tidepool.TestSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The built-in {@link RejectionHandler}s and a custom one, each on a one-worker pool with
 * {@code maxQueued(1)} whose worker is held in a task and whose one slot is taken: the next
 * outside submission goes to the handler.
 */
class RejectionHandlerTest {
    /** A one-worker pool with maxQueued(1), its worker held and its slot taken by {@code queued}. */
    private static ThreadPool fullPool(String name, RejectionHandler handler, CountDownLatch release,
            Runnable queued) throws InterruptedException {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix(name).maxQueued(1)
                .rejectionHandler(handler).build();
        holdWorkers(pool, 1, release);
        pool.execute(queued);
        return pool;
    }

    @Test
    void callerRunsShouldRunTheTaskOnTheSubmittingThreadAtOnce() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final ThreadPool pool = fullPool("rh-caller", RejectionHandler.callerRuns(), release, () -> {});
        try {
            final AtomicReference<Thread> ranOn = new AtomicReference<>();
            pool.execute(() -> ranOn.set(Thread.currentThread()));
            assertSame(Thread.currentThread(), ranOn.get());
            assertEquals(1, pool.metrics().rejectedCount());
            // what the task throws reaches the submitter
            final IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> pool.execute(() -> {
                        throw new IllegalStateException("from the caller's run");
                    }));
            assertEquals("from the caller's run", thrown.getMessage());
        } finally {
            release.countDown();
        }
        shutdownAndAwait(pool);
    }

    @Test
    void callerRunsShouldPollAnAsyncTaskOnTheSubmittingThread() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final ThreadPool pool = fullPool("rh-caller-async", RejectionHandler.callerRuns(), release, () -> {});
        try {
            final Thread caller = Thread.currentThread();
            final TaskHandle<Boolean> handle = pool.spawn(cx -> Poll.ready(Thread.currentThread() == caller));
            assertTrue(handle.get(WAIT_SECONDS, TimeUnit.SECONDS));
        } finally {
            release.countDown();
        }
        shutdownAndAwait(pool);
    }

    @Test
    void blockForShouldRejectAfterTheTimeoutNamingTheWait() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final Duration timeout = Duration.ofMillis(50);
        final ThreadPool pool = fullPool("rh-block-timeout", RejectionHandler.blockFor(timeout), release, () -> {});
        try {
            final long start = System.nanoTime();
            final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                    () -> pool.execute(() -> {}));
            final long waited = System.nanoTime() - start;
            assertTrue(waited >= timeout.toNanos(), "waited only " + waited + " ns");
            assertTrue(e.getMessage().contains("maxQueued 1") && e.getMessage().contains("after waiting PT0.05S"),
                    e.getMessage());
            assertEquals(1, pool.metrics().rejectedCount());
        } finally {
            release.countDown();
        }
        shutdownAndAwait(pool);
    }

    @Test
    void blockForShouldQueueTheTaskOnceRoomAppears() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch ran = new CountDownLatch(2);
        final ThreadPool pool = fullPool("rh-block-room", RejectionHandler.blockFor(Duration.ofSeconds(WAIT_SECONDS)),
                release, ran::countDown);
        final AtomicReference<Thread> ranOn = new AtomicReference<>();
        final CompletableFuture<Void> submitted = CompletableFuture.runAsync(() -> pool.execute(() -> {
            ranOn.set(Thread.currentThread());
            ran.countDown();
        }));
        // the submitter waits: the queue stays full until the worker is released
        assertThrows(java.util.concurrent.TimeoutException.class, () -> submitted.get(50, TimeUnit.MILLISECONDS));
        release.countDown();
        submitted.get(WAIT_SECONDS, TimeUnit.SECONDS);
        await(ran, "the queued task and the one that waited for room");
        assertTrue(ranOn.get().getName().startsWith("rh-block-room-worker-"), ranOn.get().getName());
        assertEquals(1, pool.metrics().rejectedCount());
        shutdownAndAwait(pool);
    }

    @Test
    void blockForShouldEndTheWaitOnInterruptKeepingTheStatus() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final ThreadPool pool = fullPool("rh-block-interrupt", RejectionHandler.blockFor(Duration.ofSeconds(WAIT_SECONDS)),
                release, () -> {});
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        final AtomicInteger ran = new AtomicInteger();
        final Thread submitter = new Thread(() -> {
            try {
                pool.execute(ran::incrementAndGet);
            } catch (Throwable t) {
                thrown.set(t);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        }, "rh-submitter");
        try {
            submitter.start();
            submitter.interrupt();
            submitter.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertTrue(!submitter.isAlive(), "the submitter still waits after the interrupt");
            final RejectedExecutionException e = assertInstanceOf(RejectedExecutionException.class, thrown.get());
            assertInstanceOf(InterruptedException.class, e.getCause());
            assertTrue(interruptedAfter.get(), "interrupt status cleared");
        } finally {
            release.countDown();
        }
        shutdownAndAwait(pool);
        assertEquals(0, ran.get(), "a task rejected on interrupt must not run");
    }

    @Test
    void aCustomHandlerShouldGetTheSubmittedTaskNotTheDecoratorsWrapperAndThePool() throws Exception {
        final AtomicReference<Runnable> seen = new AtomicReference<>();
        final AtomicReference<ThreadPool> seenPool = new AtomicReference<>();
        final CountDownLatch release = new CountDownLatch(1);
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("rh-custom").maxQueued(1)
                .taskDecorator(task -> () -> task.run())
                .rejectionHandler((task, p) -> {
                    seen.set(task);
                    seenPool.set(p);
                    throw new RejectedExecutionException("custom refusal of " + task);
                }).build();
        final Runnable mine = () -> {};
        try {
            holdWorkers(pool, 1, release);
            pool.execute(() -> {});
            final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                    () -> pool.execute(mine));
            assertTrue(e.getMessage().startsWith("custom refusal of "), e.getMessage());
            assertSame(mine, seen.get());
            assertSame(pool, seenPool.get());
        } finally {
            release.countDown();
        }
        shutdownAndAwait(pool);
    }

    @Test
    void theAbortMessageShouldNameTheSubmittedTaskNotTheDecoratorsWrapper() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("rh-abort-deco").maxQueued(1)
                .taskDecorator(task -> () -> task.run()).build();
        try {
            holdWorkers(pool, 1, release);
            pool.execute(() -> {});
            final Runnable named = named("user-task-name");
            final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                    () -> pool.execute(named));
            assertTrue(e.getMessage().startsWith("Task user-task-name rejected from rh-abort-deco"), e.getMessage());
        } finally {
            release.countDown();
        }
        shutdownAndAwait(pool);
    }

    @Test
    void blockForShouldRefuseATimeoutThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> RejectionHandler.blockFor(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RejectionHandler.blockFor(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> RejectionHandler.blockFor(null));
    }
}
