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
import static io.tidepool.TestSupport.staysClosed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The poll-based task model: waking, completion, failure and cancellation. */
@Timeout(30)
class AsyncTaskTest {
    /** How long we watch for a poll that must not happen. */
    private static final long QUIET_MILLIS = 200;

    private ThreadPool pool;

    @BeforeEach
    void startPool() {
        pool = ThreadPool.builder().poolSize(2).namePrefix("async").build();
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        shutdownAndAwait(pool);
    }

    /** An async task whose polls are scripted by the test; records every poll. */
    private static class Scripted implements AsyncTask<Integer> {
        final AtomicInteger polls = new AtomicInteger();
        final List<CountDownLatch> polled = new ArrayList<>();
        final AtomicReference<Waker> waker = new AtomicReference<>();
        volatile boolean finish;

        Scripted(int expectedPolls) {
            for (int i = 0; i <= expectedPolls; i++) {
                polled.add(new CountDownLatch(1));
            }
        }

        /** Opens when poll number {@code n} (1-based) has started. */
        CountDownLatch poll(int n) {
            return polled.get(n - 1);
        }

        @Override
        public Poll<Integer> poll(TaskContext cx) throws Exception {
            final int n = polls.incrementAndGet();
            waker.set(cx.waker());
            if (n - 1 < polled.size()) {
                polled.get(n - 1).countDown();
            }
            return onPoll(n, cx);
        }

        Poll<Integer> onPoll(int n, TaskContext cx) {
            return finish ? Poll.ready(n) : Poll.pending();
        }

        /**
         * A task whose first poll is always pending: a test that opens {@code poll(1)}, sets
         * {@code finish} and wakes may race the first poll while it is still running (the latch
         * opens when the poll starts); then the wake gives the one re-poll that completes.
         */
        static Scripted pendingOnFirstPoll(int expectedPolls) {
            return new Scripted(expectedPolls) {
                @Override
                Poll<Integer> onPoll(int n, TaskContext cx) {
                    return n >= 2 && finish ? Poll.ready(n) : Poll.pending();
                }
            };
        }
    }

    @Test
    void shouldRepollExactlyOnceWhenWokenSeveralTimesDuringOnePoll() throws Exception {
        final Scripted task = new Scripted(3) {
            @Override
            Poll<Integer> onPoll(int n, TaskContext cx) {
                if (n == 1) {
                    cx.waker().wake();
                    cx.waker().wake();
                    cx.waker().wake();
                }
                return super.onPoll(n, cx);
            }
        };
        final TaskHandle<Integer> handle = pool.spawn(task);
        await(task.poll(2), "the re-poll after wakes during the first poll");
        assertTrue(staysClosed(task.poll(3), QUIET_MILLIS), "a third poll without a new wake");
        assertEquals(2, task.polls.get());
        task.finish = true;
        task.waker.get().wake();
        assertEquals(3, handle.get(20, TimeUnit.SECONDS));
    }

    @Test
    void shouldRepollWhenWokenFromAnotherThreadWhileIdle() throws Exception {
        final Scripted task = new Scripted(2);
        final TaskHandle<Integer> handle = pool.spawn(task);
        await(task.poll(1), "first poll");
        assertTrue(staysClosed(task.poll(2), QUIET_MILLIS), "a second poll without a wake");
        task.finish = true;
        final Thread waker = new Thread(() -> task.waker.get().wake(), "external-waker");
        waker.start();
        waker.join();
        assertEquals(2, handle.get(20, TimeUnit.SECONDS));
    }

    @Test
    void shouldCoalesceManyWakesArrivingDuringOnePollIntoOneRepoll() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final Scripted task = new Scripted(3) {
            @Override
            Poll<Integer> onPoll(int n, TaskContext cx) {
                if (n == 1 && !awaitQuietly(release)) {
                    throw new IllegalStateException("never released");
                }
                return super.onPoll(n, cx);
            }
        };
        final TaskHandle<Integer> handle = pool.spawn(task);
        await(task.poll(1), "first poll");
        wakeConcurrently(task.waker.get(), 8, 1_000);
        release.countDown();
        await(task.poll(2), "the one re-poll");
        assertTrue(staysClosed(task.poll(3), QUIET_MILLIS), "a third poll from coalesced wakes");
        task.finish = true;
        task.waker.get().wake();
        assertEquals(3, handle.get(20, TimeUnit.SECONDS));
    }

    @Test
    void shouldCoalesceManyConcurrentWakesOfAnIdleTaskIntoOnePoll() throws Exception {
        try (ThreadPool single = ThreadPool.builder().poolSize(1).build()) {
            final Scripted task = new Scripted(3);
            final TaskHandle<Integer> handle = single.spawn(task);
            await(task.poll(1), "first poll");
            // occupy the only worker, so that the task stays queued while the wakes arrive
            final CountDownLatch blocked = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            single.execute(() -> {
                blocked.countDown();
                awaitQuietly(release);
            });
            await(blocked, "the worker to block");
            wakeConcurrently(task.waker.get(), 8, 1_000);
            release.countDown();
            await(task.poll(2), "the one poll for 8000 wakes");
            assertTrue(staysClosed(task.poll(3), QUIET_MILLIS), "a third poll from coalesced wakes");
            task.finish = true;
            task.waker.get().wake();
            assertEquals(3, handle.get(20, TimeUnit.SECONDS));
            shutdownAndAwait(single);
        }
    }

    private static void wakeConcurrently(Waker waker, int threads, int wakesEach) throws Exception {
        final CyclicBarrier start = new CyclicBarrier(threads);
        final List<Thread> wakers = new ArrayList<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            final Thread w = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < wakesEach; i++) {
                        waker.wake();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "waker-" + t);
            w.start();
            wakers.add(w);
        }
        for (Thread w : wakers) {
            w.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a waker failed", failure.get());
        }
    }

    @Test
    void shouldCompleteTheHandleWhenPollIsReady() throws Exception {
        final TaskHandle<String> handle = pool.spawn(cx -> Poll.ready("done"));
        assertEquals("done", handle.get(20, TimeUnit.SECONDS));
        assertTrue(handle.isDone());
        assertFalse(handle.isCancelled());
        assertEquals("done", handle.completionStage().toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertFalse(handle.cancel(true), "cancelling a completed task");
        assertFalse(handle.isCancelled());
    }

    @Test
    void shouldCompleteTheHandleWithNullWhenReadyWithNull() throws Exception {
        final TaskHandle<Object> handle = pool.spawn(cx -> Poll.ready(null));
        assertEquals(null, handle.get(20, TimeUnit.SECONDS));
    }

    @Test
    void shouldCompleteTheHandleExceptionallyWhenPollThrows() throws Exception {
        final IOException boom = new IOException("boom");
        final AtomicInteger polls = new AtomicInteger();
        final TaskHandle<String> handle = pool.spawn(cx -> {
            polls.incrementAndGet();
            cx.waker().wake();
            throw boom;
        });
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> handle.get(20, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
        assertTrue(handle.isDone());
        assertFalse(handle.isCancelled());
        assertTrue(handle.toCompletableFuture().isCompletedExceptionally());
        // the wake during the failing poll must not lead to another poll
        shutdownAndAwait(pool);
        assertEquals(1, polls.get());
    }

    @Test
    void shouldNeverPollATaskCancelledBeforeItsFirstPoll() throws Exception {
        try (ThreadPool single = ThreadPool.builder().poolSize(1).build()) {
            final CountDownLatch blocked = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            single.execute(() -> {
                blocked.countDown();
                awaitQuietly(release);
            });
            await(blocked, "the only worker to block");
            final AtomicInteger polls = new AtomicInteger();
            final TaskHandle<String> handle = single.spawn(cx -> {
                polls.incrementAndGet();
                return Poll.ready("polled");
            });
            assertTrue(handle.cancel(false));
            assertTrue(handle.isCancelled());
            assertTrue(handle.isDone());
            assertThrows(CancellationException.class, handle::get);
            release.countDown();
            shutdownAndAwait(single);
            assertEquals(0, polls.get());
        }
    }

    @Test
    void shouldStopPollingAndIgnoreTheWakerWhenCancelledBetweenPolls() throws Exception {
        final Scripted task = new Scripted(2);
        final TaskHandle<Integer> handle = pool.spawn(task);
        await(task.poll(1), "first poll");
        final Waker waker = task.waker.get();
        // the poll may still be returning; cancel succeeds either way and ends the task
        assertTrue(handle.cancel(false));
        assertTrue(handle.isCancelled());
        assertFalse(handle.cancel(false), "a second cancel");
        waker.wake();
        waker.wake();
        assertThrows(CancellationException.class, () -> handle.get(20, TimeUnit.SECONDS));
        // termination means nothing is queued or running, so a poll caused by the wakes shows
        shutdownAndAwait(pool);
        assertEquals(1, task.polls.get());
    }

    @Test
    void shouldDiscardTheOutcomeOfAPollDuringWhichTheTaskWasCancelled() throws Exception {
        final CountDownLatch inPoll = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean sawCancelled = new AtomicBoolean();
        final AtomicInteger polls = new AtomicInteger();
        final TaskHandle<String> handle = pool.spawn(cx -> {
            polls.incrementAndGet();
            inPoll.countDown();
            awaitQuietly(release);
            sawCancelled.set(cx.isCancelled());
            cx.waker().wake();
            return Poll.ready("discarded");
        });
        await(inPoll, "the poll to start");
        assertTrue(handle.cancel(false));
        assertTrue(handle.isCancelled());
        assertTrue(handle.isDone());
        release.countDown();
        assertThrows(CancellationException.class, () -> handle.get(20, TimeUnit.SECONDS));
        shutdownAndAwait(pool);
        assertTrue(sawCancelled.get(), "TaskContext.isCancelled() during the poll");
        assertTrue(handle.isCancelled());
        assertEquals(1, polls.get());
    }

    @Test
    void shouldInterruptThePollingThreadWhenCancelledWithMayInterrupt() throws Exception {
        final CountDownLatch inPoll = new CountDownLatch(1);
        final CountDownLatch never = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();
        final TaskHandle<String> handle = pool.spawn(cx -> {
            inPoll.countDown();
            try {
                never.await(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            return Poll.pending();
        });
        await(inPoll, "the poll to start");
        assertTrue(handle.cancel(true));
        assertThrows(CancellationException.class, () -> handle.get(20, TimeUnit.SECONDS));
        shutdownAndAwait(pool);
        assertTrue(interrupted.get(), "the polling thread was interrupted");
    }

    @Test
    void shouldNotCancelTheTaskWhenItsCompletableFutureCopyIsCancelled() throws Exception {
        final Scripted task = Scripted.pendingOnFirstPoll(2);
        final TaskHandle<Integer> handle = pool.spawn(task);
        final CompletableFuture<Integer> copy = handle.toCompletableFuture();
        assertTrue(copy.cancel(true));
        assertFalse(handle.isCancelled());
        assertFalse(handle.isDone());
        final CompletableFuture<Integer> otherCopy = handle.toCompletableFuture();
        assertTrue(otherCopy.complete(-1));
        assertFalse(handle.isDone(), "completing a copy completes the task");
        await(task.poll(1), "first poll");
        task.finish = true;
        task.waker.get().wake();
        assertEquals(2, handle.get(20, TimeUnit.SECONDS));
        assertEquals(2, handle.toCompletableFuture().get(20, TimeUnit.SECONDS));
    }

    @Test
    void shouldOfferACompletionStageThatCannotCompleteTheTask() throws Exception {
        final Scripted task = Scripted.pendingOnFirstPoll(2);
        final TaskHandle<Integer> handle = pool.spawn(task);
        final CompletableFuture<String> mapped = handle.completionStage()
                .thenApply(v -> "value " + v).toCompletableFuture();
        final CompletableFuture<Integer> fromStage = handle.completionStage().toCompletableFuture();
        fromStage.complete(-1);
        assertFalse(handle.isDone(), "completing the stage's future completes the task");
        await(task.poll(1), "first poll");
        task.finish = true;
        task.waker.get().wake();
        assertEquals("value 2", mapped.get(20, TimeUnit.SECONDS));
        assertEquals(2, handle.get());
    }

    @Test
    void shouldCompleteTheStageExceptionallyWhenTheTaskIsCancelled() throws Exception {
        final Scripted task = new Scripted(2);
        final TaskHandle<Integer> handle = pool.spawn(task);
        final CompletableFuture<Integer> stage = handle.completionStage().toCompletableFuture();
        await(task.poll(1), "first poll");
        assertTrue(handle.cancel(false));
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof CancellationException, String.valueOf(e.getCause()));
    }
}
