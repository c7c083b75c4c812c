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

import io.tidepool.ThreadPool;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/operations.md, each run and checked. */
class OperationsSnippetsTest {
    @Test
    void threadNames() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("orders").build();
        try (pool) {
            pool.spawnBlocking(() -> "warm").get(30, TimeUnit.SECONDS);
            final String out = Console.capture(() -> {
                // tag::thread-names[]
                Set<String> names = new TreeSet<>();
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (t.getName().startsWith(pool.name() + "-")) {
                        names.add(t.getName());
                    }
                }
                System.out.println(names);   // [orders-blocking-1, orders-detector, orders-worker-0, orders-worker-1]
                // end::thread-names[]
            });
            assertEquals("[orders-blocking-1, orders-detector, orders-worker-0, orders-worker-1]\n", out);
        }
    }

    @Test
    void workerContext() throws Exception {
        final List<String> seen = new ArrayList<>();
        // tag::worker-context[]
        ThreadLocal<String> context = new ThreadLocal<>();    // e.g. a logging MDC or a trace scope
        ThreadPool pool = ThreadPool.builder()
                .namePrefix("orders")
                .aroundWorker((worker, loop) -> {
                    context.set("orders/" + worker.id().index());
                    try {
                        loop.run();                           // must run the loop, on this thread
                    } finally {
                        context.remove();
                    }
                })
                .build();
        // end::worker-context[]
        final CountDownLatch ran = new CountDownLatch(1);
        pool.execute(() -> {
            synchronized (seen) {
                seen.add(context.get());
            }
            ran.countDown();
        });
        assertTrue(ran.await(30, TimeUnit.SECONDS));
        pool.close();
        synchronized (seen) {
            assertTrue(seen.get(0).matches("orders/\\d+"), seen.toString());
        }
    }

    /** A {@link System.Logger} that keeps what it is given: the placeholder {@code log}. */
    static final class RecordingLogger implements System.Logger {
        final List<String> messages = new ArrayList<>();
        final List<Throwable> thrown = new ArrayList<>();

        @Override
        public String getName() {
            return "com.example.orders";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public synchronized void log(Level level, ResourceBundle bundle, String msg, Throwable t) {
            messages.add(level + " " + msg);
            thrown.add(t);
        }

        @Override
        public synchronized void log(Level level, ResourceBundle bundle, String format, Object... params) {
            messages.add(level + " " + format);
            thrown.add(null);
        }
    }

    @Test
    void failuresToALogger() throws Exception {
        final RecordingLogger log = new RecordingLogger();
        // tag::failures-to-logger[]
        ThreadPool pool = ThreadPool.builder()
                .uncaughtExceptionHandler((thread, e) ->
                        log.log(System.Logger.Level.ERROR, "task failed on " + thread.getName(), e))
                .build();
        pool.execute(() -> {
            throw new IllegalStateException("no such order");
        });
        // end::failures-to-logger[]
        pool.close();
        synchronized (log) {
            assertEquals(1, log.messages.size());
            assertTrue(log.messages.get(0).matches("ERROR task failed on tidepool-\\d+-worker-\\d+"),
                    log.messages.toString());
            assertEquals("no such order", log.thrown.get(0).getMessage());
        }
    }
}
