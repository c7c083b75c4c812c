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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A task that throws never kills a worker. */
@Timeout(30)
class ThreadPoolExceptionTest {
    private static final class Boom extends RuntimeException {
        Boom(int i) {
            super("boom " + i, null, false, false);
        }
    }

    @Test
    void shouldReportThrowingTasksToTheHandlerAndKeepTheSameWorkers() throws Exception {
        final int n = 2;
        final Set<Thread> started = ConcurrentHashMap.newKeySet();
        final AtomicInteger startedCount = new AtomicInteger();
        final Set<Thread> reportedOn = ConcurrentHashMap.newKeySet();
        final AtomicInteger reported = new AtomicInteger();
        final AtomicReference<Throwable> wrong = new AtomicReference<>();
        final int throwing = 200;
        final CountDownLatch allReported = new CountDownLatch(throwing);
        final ThreadPool pool = ThreadPool.builder().poolSize(n)
                .afterStart(() -> {
                    started.add(Thread.currentThread());
                    startedCount.incrementAndGet();
                })
                .uncaughtExceptionHandler((t, e) -> {
                    if (!(e instanceof Boom) || t != Thread.currentThread()) {
                        wrong.compareAndSet(null, e);
                    }
                    reportedOn.add(t);
                    reported.incrementAndGet();
                    allReported.countDown();
                })
                .build();
        for (int i = 0; i < throwing; i++) {
            final int id = i;
            pool.execute(() -> {
                throw new Boom(id);
            });
        }
        await(allReported, "every exception to reach the handler");
        final int later = 1_000;
        final Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        final CountDownLatch laterDone = new CountDownLatch(later);
        for (int i = 0; i < later; i++) {
            pool.execute(() -> {
                ranOn.add(Thread.currentThread());
                laterDone.countDown();
            });
        }
        await(laterDone, "tasks after the failures");
        shutdownAndAwait(pool);
        assertEquals(null, wrong.get(), "handler saw a foreign exception or thread");
        assertEquals(throwing, reported.get());
        assertEquals(n, startedCount.get(), "worker threads were replaced");
        assertTrue(started.containsAll(reportedOn), "reported on a non-worker thread: " + reportedOn);
        assertTrue(started.containsAll(ranOn), "later tasks ran on new threads: " + ranOn);
    }

    @Test
    void shouldDeliverSubmitFailuresThroughTheFutureNotTheHandler() throws Exception {
        final AtomicInteger reported = new AtomicInteger();
        final ThreadPool pool = ThreadPool.builder().poolSize(2)
                .uncaughtExceptionHandler((t, e) -> reported.incrementAndGet()).build();
        final Boom boom = new Boom(1);
        final Future<?> runnable = pool.submit((Runnable) () -> {
            throw boom;
        });
        final Future<Object> callable = pool.submit(() -> {
            throw new java.io.IOException("checked");
        });
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> runnable.get(20, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
        final ExecutionException checked = assertThrows(ExecutionException.class,
                () -> callable.get(20, TimeUnit.SECONDS));
        assertTrue(checked.getCause() instanceof java.io.IOException, String.valueOf(checked.getCause()));
        shutdownAndAwait(pool);
        assertEquals(0, reported.get(), "the handler also saw a failure delivered by a future");
    }

    @Test
    void shouldSurviveAThrowingHandler() throws Exception {
        final AtomicInteger handled = new AtomicInteger();
        final Set<Thread> started = ConcurrentHashMap.newKeySet();
        final ThreadPool pool = ThreadPool.builder().poolSize(1)
                .afterStart(() -> started.add(Thread.currentThread()))
                .uncaughtExceptionHandler((t, e) -> {
                    handled.incrementAndGet();
                    throw new IllegalStateException("handler fails too");
                })
                .build();
        for (int i = 0; i < 10; i++) {
            final int id = i;
            pool.execute(() -> {
                throw new Boom(id);
            });
        }
        final AtomicReference<Thread> ranOn = new AtomicReference<>();
        final CountDownLatch done = new CountDownLatch(1);
        pool.execute(() -> {
            ranOn.set(Thread.currentThread());
            done.countDown();
        });
        await(done, "a task after the handler threw");
        shutdownAndAwait(pool);
        assertEquals(10, handled.get());
        assertEquals(Set.of(ranOn.get()), started, "the worker thread was replaced");
    }

    @Test
    void shouldSurviveAnErrorThrownByATask() throws Exception {
        final AtomicInteger handled = new AtomicInteger();
        final ThreadPool pool = ThreadPool.builder().poolSize(1)
                .uncaughtExceptionHandler((t, e) -> handled.incrementAndGet()).build();
        pool.execute(() -> {
            throw new AssertionError("an Error, not an Exception");
        });
        final CountDownLatch done = new CountDownLatch(1);
        pool.execute(done::countDown);
        await(done, "a task after an Error");
        shutdownAndAwait(pool);
        assertEquals(1, handled.get());
    }
}
