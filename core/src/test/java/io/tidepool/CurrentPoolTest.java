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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link ThreadPool#current()}: which pool the calling thread works for. */
class CurrentPoolTest {

    @Test
    void shouldBeEmptyOnAThreadThePoolDidNotStart() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().namePrefix("cur-none").poolSize(1).build()) {
            assertTrue(ThreadPool.current().isEmpty());
            // a thread a task starts is the task's own, not the pool's
            final CompletableFuture<Optional<ThreadPool>> seen = new CompletableFuture<>();
            pool.submit(() -> {
                final Thread t = new Thread(() -> seen.complete(ThreadPool.current()));
                t.start();
                return null;
            }).get(10, TimeUnit.SECONDS);
            assertEquals(Optional.empty(), seen.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldNameThePoolOfTheRunningTask() throws Exception {
        try (ThreadPool a = ThreadPool.builder().namePrefix("cur-a").poolSize(2).build();
                ThreadPool b = ThreadPool.builder().namePrefix("cur-b").poolSize(2).build()) {
            assertSame(a, a.submit(() -> ThreadPool.current().orElseThrow()).get(10, TimeUnit.SECONDS));
            assertSame(b, b.submit(() -> ThreadPool.current().orElseThrow()).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldNameThePoolInsideAPollOfAnAsyncTask() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().namePrefix("cur-async").poolSize(2).build()) {
            final TaskHandle<Optional<ThreadPool>> h =
                    pool.spawn((AsyncTask<Optional<ThreadPool>>) cx -> Poll.ready(ThreadPool.current()));
            assertSame(pool, h.get(10, TimeUnit.SECONDS).orElseThrow());
        }
    }

    @Test
    void shouldNameThePoolOnASpawnBlockingThread() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().namePrefix("cur-sb").poolSize(1).build()) {
            final CompletableFuture<Optional<ThreadPool>> seen = pool.spawnBlocking(ThreadPool::current);
            assertSame(pool, seen.get(10, TimeUnit.SECONDS).orElseThrow());
        }
    }

    @Test
    void shouldLetLibraryCodeSpawnOntoItsOwnPool() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().namePrefix("cur-lib").poolSize(2).build()) {
            final CompletableFuture<String> nested = new CompletableFuture<>();
            pool.execute(() -> ThreadPool.current().orElseThrow()
                    .execute(() -> nested.complete(Thread.currentThread().getName())));
            assertTrue(nested.get(10, TimeUnit.SECONDS).startsWith("cur-lib-worker-"));
        }
    }

    @Test
    void shouldStillNameThePoolAfterShutdown() throws Exception {
        final ThreadPool pool = ThreadPool.builder().namePrefix("cur-down").poolSize(1).build();
        final CompletableFuture<Optional<ThreadPool>> seen = new CompletableFuture<>();
        final java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        pool.execute(() -> {
            TestSupport.awaitQuietly(go);
            seen.complete(ThreadPool.current());
        });
        pool.shutdown();
        go.countDown();
        assertEquals(Optional.of(pool), seen.get(10, TimeUnit.SECONDS));
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
}
