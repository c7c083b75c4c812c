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

package io.tidepool.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Poll;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import io.tidepool.Worker;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The snippets of README.md and docs/guide/getting-started.md, each run and checked. */
class GettingStartedSnippetsTest {
    /** A non-blocking source of lines: the placeholder {@code socket} of the async example. */
    static final class FakeSocket {
        /** Counted down when a callback is registered. */
        final CountDownLatch registered = new CountDownLatch(1);
        private String line;
        private Runnable onData;

        /** {@return the line that arrived, or null; never blocks} */
        synchronized String poll() {
            final String l = line;
            line = null;
            return l;
        }

        /** Calls {@code callback} once, when a line arrives (at once if one is waiting). */
        void onData(Runnable callback) {
            final boolean now;
            synchronized (this) {
                now = line != null;
                onData = now ? null : callback;
            }
            registered.countDown();
            if (now) {
                callback.run();
            }
        }

        void deliver(String l) {
            final Runnable callback;
            synchronized (this) {
                line = l;
                callback = onData;
                onData = null;
            }
            if (callback != null) {
                callback.run();
            }
        }
    }

    @Test
    void readmeUse() throws Exception {
        final String out = Console.capture(() -> {
            // tag::readme-use[]
            try (ThreadPool pool = ThreadPool.builder().namePrefix("app").build()) {
                pool.execute(() -> System.out.println("hello from " + Thread.currentThread().getName()));
                Future<Integer> answer = pool.submit(() -> 6 * 7);
                System.out.println("answer: " + answer.get());
            }   // close(): shutdown, then wait until every accepted task has finished
            // end::readme-use[]
        });
        assertTrue(out.contains("answer: 42\n"), out);
        assertTrue(out.matches("(?s).*hello from app-worker-\\d+\n.*"), out);
    }

    @Test
    void firstPool() throws Exception {
        final String out = Console.capture(() -> {
            // tag::first-pool[]
            try (ThreadPool pool = ThreadPool.builder()
                    .poolSize(4)                 // default: one worker per available processor
                    .namePrefix("orders")        // threads orders-worker-0 .. orders-worker-3
                    .build()) {
                Future<String> where = pool.submit(() -> Worker.current().orElseThrow().toString());
                System.out.println(where.get());                     // Worker[2 of orders]
                CompletableFuture<Integer> total = CompletableFuture
                        .supplyAsync(() -> 20, pool)
                        .thenApplyAsync(n -> n + 22, pool);
                System.out.println(total.join());                    // 42
            }
            // end::first-pool[]
        });
        final List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).matches("Worker\\[[0-3] of orders]"), out);
        assertEquals("42", lines.get(1));
    }

    @Test
    void spawnFromTask() throws Exception {
        final AtomicInteger ran = new AtomicInteger();
        final ThreadPool pool = ThreadPool.builder().namePrefix("gs-spawn").build();
        try (pool) {
            // tag::spawn-from-task[]
            CountDownLatch done = new CountDownLatch(1_000);
            pool.execute(() -> {
                for (int i = 0; i < 1_000; i++) {
                    pool.execute(done::countDown);   // from a task: onto this worker's own deque;
                }                                    // idle workers steal from it
            });
            done.await();
            // end::spawn-from-task[]
            ran.set((int) (1_000 - done.getCount()));
        }
        assertEquals(1_000, ran.get());
        // the spawns went to a worker's own deque, not through the inboxes
        assertEquals(1_000, pool.metrics().localScheduleCount());
        assertEquals(1, pool.metrics().remoteScheduleCount());
    }

    @Test
    void asyncTask() throws Exception {
        final FakeSocket watched = new FakeSocket();
        final Thread peer = new Thread(() -> {
            try {
                if (watched.registered.await(30, TimeUnit.SECONDS)) {
                    watched.deliver("pong");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        peer.start();
        final String out = Console.capture(() -> {
            final FakeSocket socket = watched;
            try (ThreadPool pool = ThreadPool.builder().namePrefix("gs-async").build()) {
                // tag::async-task[]
                TaskHandle<String> reply = pool.spawn(cx -> {
                    String line = socket.poll();           // non-blocking: null if nothing arrived
                    if (line == null) {
                        socket.onData(cx.waker()::wake);   // poll me again when data arrives
                        return Poll.pending();             // the worker moves on to other tasks
                    }
                    return Poll.ready(line);
                });
                System.out.println(reply.get(30, TimeUnit.SECONDS));   // pong
                // end::async-task[]
            }
        });
        peer.join(30_000);
        assertEquals("pong\n", out);
        assertEquals(null, watched.poll());
    }

    @Test
    void stopping() throws Exception {
        final ThreadPool pool = ThreadPool.builder().namePrefix("gs-stop").build();
        final CountDownLatch ran = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            pool.execute(ran::countDown);
        }
        final String out = Console.capture(() -> {
            // tag::stopping[]
            pool.shutdown();                              // refuse new tasks from outside
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                List<Runnable> neverStarted = pool.shutdownNow();   // interrupts running tasks
                System.out.println(neverStarted.size() + " tasks never started");
            }
            // end::stopping[]
        });
        assertTrue(pool.isTerminated());
        assertEquals(0, ran.getCount());
        assertEquals("", out);
    }
}
