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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.tidepool.micrometer.ContextSnapshots;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * {@link ThreadPoolBuilder#contextPropagator}: SLF4J's MDC through Micrometer's
 * context-propagation library ({@link ContextSnapshots}) and OpenTelemetry's {@code Context}
 * through its own API, into tasks, blocking jobs and every poll of an async task, including
 * polls after a wake from a thread with another context.
 */
class ContextPropagatorTest {
    private static final ContextKey<String> TENANT = ContextKey.named("tenant");

    /** OpenTelemetry's Context as a propagator: current() at submission, makeCurrent() around. */
    private static final ContextPropagator OTEL = new ContextPropagator() {
        @Override
        public Object capture() {
            return Context.current();
        }

        @Override
        public Scope restore(Object captured) {
            final io.opentelemetry.context.Scope scope = ((Context) captured).makeCurrent();
            return scope::close;
        }
    };

    @BeforeAll
    static void registerMdc() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
    }

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void shouldCarryTheMdcIntoTasksAndBlockingJobs() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().namePrefix("ctx-mdc").poolSize(2)
                .contextPropagator(ContextSnapshots.create()).build()) {
            MDC.put("request", "r-7");
            final CompletableFuture<String> executed = new CompletableFuture<>();
            pool.execute(() -> executed.complete(MDC.get("request")));
            assertEquals("r-7", executed.get(10, TimeUnit.SECONDS));
            assertEquals("r-7", pool.submit(() -> MDC.get("request")).get(10, TimeUnit.SECONDS));
            assertEquals("r-7", pool.spawnBlocking(() -> MDC.get("request")).get(10, TimeUnit.SECONDS));
            // a submitter without an MDC: the task sees none, not what an earlier task had
            MDC.clear();
            assertNull(pool.submit(() -> MDC.get("request")).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldRestoreTheSpawnsMdcAroundEveryPollAfterAnExternalWake() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().namePrefix("ctx-async").poolSize(2)
                .contextPropagator(ContextSnapshots.create()).build()) {
            final List<String> seen = new CopyOnWriteArrayList<>();
            final WakeTwice task = new WakeTwice(() -> MDC.get("request"), seen);
            MDC.put("request", "spawner");
            final TaskHandle<String> handle = pool.spawn(task);
            MDC.put("request", "waker");
            task.wakeFromHere();
            task.wakeFromHere();
            assertEquals("done", handle.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("spawner", "spawner", "spawner"), seen);
            assertEquals("waker", MDC.get("request"), "the waking thread keeps its own MDC");
        }
    }

    @Test
    void shouldCarryAnOpenTelemetryContextIntoTasksAndAsyncPolls() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().namePrefix("ctx-otel").poolSize(2)
                .contextPropagator(OTEL).build()) {
            final List<String> seen = new CopyOnWriteArrayList<>();
            final WakeTwice task = new WakeTwice(() -> Context.current().get(TENANT), seen);
            final TaskHandle<String> handle;
            try (Scope ignored = Context.current().with(TENANT, "acme").makeCurrent()) {
                assertEquals("acme", pool.submit(() -> Context.current().get(TENANT))
                        .get(10, TimeUnit.SECONDS));
                assertEquals("acme", pool.spawnBlocking(() -> Context.current().get(TENANT))
                        .get(10, TimeUnit.SECONDS));
                handle = pool.spawn(task);
            }
            try (Scope ignored = Context.current().with(TENANT, "other").makeCurrent()) {
                task.wakeFromHere();
                task.wakeFromHere();
            }
            assertEquals("done", handle.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("acme", "acme", "acme"), seen);
            // the worker's context was put back: a task submitted without one sees the root
            assertNull(pool.submit(() -> Context.current().get(TENANT)).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldRestoreAroundDetachedPollsToo() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().namePrefix("ctx-detached").poolSize(1)
                .contextPropagator(OTEL).build()) {
            final CompletableFuture<String> seen = new CompletableFuture<>();
            try (Scope ignored = Context.current().with(TENANT, "detached").makeCurrent()) {
                pool.spawnDetached(cx -> {
                    seen.complete(Context.current().get(TENANT));
                    return Poll.ready(null);
                });
            }
            assertEquals("detached", seen.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldPutTheOriginalTaskInShutdownNowsListWithAPropagator() throws Exception {
        final ThreadPool pool = ThreadPool.builder().namePrefix("ctx-report").poolSize(1)
                .contextPropagator(OTEL).build();
        final java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        pool.execute(() -> {
            running.countDown();
            TestSupport.awaitQuietly(release);
        });
        TestSupport.await(running, "the blocker");
        final Runnable queued = () -> { };
        pool.execute(queued);
        final List<Runnable> unstarted = pool.shutdownNow();
        release.countDown();
        assertEquals(1, unstarted.size());
        assertSame(queued, unstarted.get(0));
        TestSupport.shutdownAndAwait(pool);
    }

    /**
     * Pending on its first two polls, ready on the third; records the context each poll sees.
     * The test thread wakes it, each wake after the poll before it has parked the task.
     */
    private static final class WakeTwice implements AsyncTask<String> {
        private final Supplier<String> context;
        private final List<String> seen;
        private final java.util.concurrent.BlockingQueue<Waker> pending =
                new java.util.concurrent.LinkedBlockingQueue<>();

        WakeTwice(Supplier<String> context, List<String> seen) {
            this.context = context;
            this.seen = seen;
        }

        @Override
        public Poll<String> poll(TaskContext cx) {
            seen.add(context.get());
            if (seen.size() == 3) {
                return Poll.ready("done");
            }
            pending.add(cx.waker());
            return Poll.pending();
        }

        /** Waits for the task to go pending, then wakes it from the calling thread. */
        void wakeFromHere() throws InterruptedException {
            final Waker w = pending.poll(10, TimeUnit.SECONDS);
            if (w == null) {
                throw new AssertionError("the task never went pending");
            }
            w.wake();
        }
    }
}
