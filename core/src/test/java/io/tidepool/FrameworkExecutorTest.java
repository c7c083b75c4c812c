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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pool seen only through {@link ExecutorService}, as a framework holds it (Spring's
 * {@code ConcurrentTaskExecutor}, an {@code @Async} method returning a {@code Future}): what
 * ExecutorServiceContractTest, ThreadPoolExceptionTest and CompletableFutureIntegrationTest do
 * not already check.
 */
@Timeout(60)
class FrameworkExecutorTest {

    @Test
    void shouldInterruptACancelledSubmitAndKeepTheInterruptOutOfTheNextTask() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).build();
        final ExecutorService executor = pool;
        try {
            final CountDownLatch started = new CountDownLatch(1);
            final CountDownLatch interrupted = new CountDownLatch(1);
            final CountDownLatch never = new CountDownLatch(1);
            final Future<?> running = executor.submit(() -> {
                started.countDown();
                try {
                    never.await(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    // well-behaved code restores the status: the task ends with it set
                    Thread.currentThread().interrupt();
                    interrupted.countDown();
                }
            });
            await(started, "the task to start");
            assertTrue(running.cancel(true));
            await(interrupted, "the cancel(true) interrupt to reach the task");
            assertTrue(running.isCancelled());
            // the only worker runs the next task: it must start with a clear interrupt status
            final Future<Boolean> next = executor.submit(() -> Thread.currentThread().isInterrupted());
            assertFalse(next.get(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS),
                    "the interrupt of a cancelled task leaked into the next task");
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void shouldCompleteInvokeAllCalledFromATaskOnTheSamePool() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        final ExecutorService executor = pool;
        try {
            // an @Async-style method running on the pool fans out on the same pool and waits:
            // its worker blocks in invokeAll, the other worker must steal and run the parts
            final Future<Integer> outer = executor.submit(() -> {
                final List<Callable<Integer>> parts = List.of(() -> 1, () -> 2, () -> 3, () -> 4);
                int sum = 0;
                for (Future<Integer> f : executor.invokeAll(parts)) {
                    sum += f.get();
                }
                return sum;
            });
            assertEquals(10, outer.get(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS));
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void shouldReportAFailedPartOfATimedInvokeAllThroughItsFutureOnly() throws Exception {
        final AtomicInteger handled = new AtomicInteger();
        final ThreadPool pool = ThreadPool.builder().poolSize(2)
                .uncaughtExceptionHandler((t, e) -> handled.incrementAndGet()).build();
        final ExecutorService executor = pool;
        final IllegalStateException failure = new IllegalStateException("part failed");
        try {
            final List<Future<String>> futures = executor.invokeAll(List.of(
                    () -> "ok",
                    () -> {
                        throw failure;
                    }), TestSupport.WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("ok", futures.get(0).get());
            final ExecutionException e = assertThrows(ExecutionException.class, () -> futures.get(1).get());
            assertSame(failure, e.getCause());
            assertFalse(futures.get(1).isCancelled());
        } finally {
            shutdownAndAwait(pool);
        }
        assertEquals(0, handled.get(), "a failure delivered by a Future also reached the handler");
    }
}
