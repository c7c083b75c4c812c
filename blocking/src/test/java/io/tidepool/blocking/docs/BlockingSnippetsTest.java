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

package io.tidepool.blocking.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Poll;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import io.tidepool.blocking.Blocking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of docs/guide/blocking.md, each run and checked. */
class BlockingSnippetsTest {
    @TempDir
    Path dir;

    private final AtomicReference<Object> processed = new AtomicReference<>();
    private final CountDownLatch done = new CountDownLatch(1);

    private void process(Object value) {
        processed.set(value);
        done.countDown();
    }

    @Test
    void section() throws Exception {
        final Path path = Files.writeString(dir.resolve("orders.csv"), "id,total\n1,42\n");
        try (ThreadPool pool = ThreadPool.builder().namePrefix("blk-section").build()) {
            // tag::section[]
            pool.execute(() -> {
                List<String> lines;
                try {
                    lines = Blocking.blocking(() -> Files.readAllLines(path));   // runs on this thread
                } catch (Exception e) {                                        // what the body threw
                    System.err.println("cannot read " + path + ": " + e);
                    return;
                }
                pool.execute(() -> process(lines));   // meanwhile, the worker's other tasks ran
            });
            // end::section[]
            assertTrue(done.await(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of("id,total", "1,42"), processed.get());
    }

    @Test
    void runForm() throws Exception {
        final Path from = Files.writeString(dir.resolve("a.txt"), "copy me");
        final Path to = dir.resolve("b.txt");
        try (ThreadPool pool = ThreadPool.builder().namePrefix("blk-run").build()) {
            final TaskHandle<Void> copied = pool.spawn(cx -> {
                // tag::run-form[]
                Blocking.run(() -> Files.copy(from, to));   // throws IOException only
                // end::run-form[]
                return Poll.ready(null);
            });
            copied.get(30, TimeUnit.SECONDS);
        }
        assertEquals("copy me", Files.readString(to));
    }

    @Test
    void spawnBlocking() throws Exception {
        final Path path = Files.writeString(dir.resolve("report.txt"), "all good");
        try (ThreadPool pool = ThreadPool.builder().namePrefix("blk-spawn").build()) {
            // tag::spawn-blocking[]
            CompletableFuture<String> report = pool.spawnBlocking(() -> Files.readString(path));
            report.thenAcceptAsync(text -> process(text), pool);   // back on a worker
            // end::spawn-blocking[]
            assertTrue(done.await(30, TimeUnit.SECONDS));
        }
        assertEquals("all good", processed.get());
    }

    @Test
    void pollBlocking() throws Exception {
        final Path path = Files.writeString(dir.resolve("poll.txt"), "polled");
        try (ThreadPool pool = ThreadPool.builder().namePrefix("blk-poll").maxBlocking(1).build()) {
            // tag::poll-blocking[]
            TaskHandle<String> text = pool.spawn(cx ->
                    Blocking.pollBlocking(cx, () -> Files.readString(path)));   // pending while
                                                                            // no permit is free
            // end::poll-blocking[]
            assertEquals("polled", text.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void detectBlocking() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch other = new CountDownLatch(1);
        final ThreadPool pool = ThreadPool.builder()
                .poolSize(1)
                // tag::detect-blocking[]
                .detectBlocking(Duration.ofMillis(100))   // report tasks stuck for 100 ms, hand off their queues
                // end::detect-blocking[]
                .build();
        try (pool) {
            pool.execute(() -> {
                try {
                    release.await(30, TimeUnit.SECONDS);   // blocks without a section
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // the only worker is stuck: this task runs once the detector handed its queues on
            pool.execute(other::countDown);
            try {
                assertTrue(other.await(30, TimeUnit.SECONDS));
            } finally {
                release.countDown();
            }
        }
        // counted once the hand-over is done, so read after termination
        assertEquals(1, pool.metrics().blockingDetectionCount());
        assertEquals(1, pool.metrics().blockingRetakeCount());
    }
}
