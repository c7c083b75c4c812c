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

import static io.tidepool.fault.FaultSupport.await;
import static io.tidepool.fault.FaultSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Poll;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import io.tidepool.Waker;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 10: a fire-and-forget async task's failure reaches the uncaught-exception
 * handler ({@link ThreadPool#spawnDetached}); {@code spawn} keeps it in the handle.
 */
class DetachedTaskTest {
    private final List<Throwable> reported = new CopyOnWriteArrayList<>();
    private final CountDownLatch oneReport = new CountDownLatch(1);

    private ThreadPool newPool() {
        return ThreadPool.builder().poolSize(2).uncaughtExceptionHandler((t, e) -> {
            reported.add(e);
            oneReport.countDown();
        }).build();
    }

    @Test
    void shouldReportTheFailureOfADetachedTaskToTheHandler() throws Exception {
        final ThreadPool pool = newPool();
        final IllegalStateException boom = new IllegalStateException("boom");
        pool.spawnDetached(cx -> {
            throw boom;
        });
        await(oneReport, "the handler to see the detached task's failure");
        assertEquals(List.of(boom), reported);
        shutdownAndAwait(pool);
    }

    @Test
    void shouldReportAFailureInALaterPollOfADetachedTask() throws Exception {
        final ThreadPool pool = newPool();
        final CompletableFuture<Waker> waker = new CompletableFuture<>();
        final IllegalArgumentException late = new IllegalArgumentException("second poll");
        pool.spawnDetached(cx -> {
            if (waker.complete(cx.waker())) {
                return Poll.pending();
            }
            throw late;
        });
        waker.get(20, TimeUnit.SECONDS).wake();
        await(oneReport, "the handler to see the second poll's failure");
        assertEquals(List.of(late), reported);
        shutdownAndAwait(pool);
    }

    @Test
    void shouldReportADetachedPollThatReturnsNull() throws Exception {
        final ThreadPool pool = newPool();
        pool.spawnDetached(cx -> null);
        await(oneReport, "the handler to see the null poll");
        assertInstanceOf(NullPointerException.class, reported.get(0));
        shutdownAndAwait(pool);
    }

    @Test
    void shouldReportNothingForADetachedTaskThatSucceeds() throws Exception {
        final ThreadPool pool = newPool();
        final CountDownLatch polled = new CountDownLatch(1);
        pool.spawnDetached(cx -> {
            polled.countDown();
            return Poll.ready("fine");
        });
        await(polled, "the detached task");
        shutdownAndAwait(pool);
        assertEquals(List.of(), reported);
    }

    @Test
    void shouldKeepTheFailureOfASpawnedTaskInItsHandleOnly() throws Exception {
        final ThreadPool pool = newPool();
        final IllegalStateException boom = new IllegalStateException("boom");
        final TaskHandle<String> handle = pool.spawn(cx -> {
            throw boom;
        });
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> handle.get(20, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
        shutdownAndAwait(pool);
        assertTrue(reported.isEmpty(), "spawn's failure reached the handler: " + reported);
    }
}
