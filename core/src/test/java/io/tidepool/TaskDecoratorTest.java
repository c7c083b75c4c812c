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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.pinned.CpuSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * {@link ThreadPoolBuilder#taskDecorator}: Spring's TaskDecorator meaning, with SLF4J's MDC as
 * the context, on every way a {@code Runnable} enters.
 */
class TaskDecoratorTest {
    /** Where each decorator call ran: the submitting thread. */
    private final List<String> decoratedOn = new CopyOnWriteArrayList<>();

    /** Spring's classic MDC decorator: copy at submission, install around the run. */
    private final UnaryOperator<Runnable> mdcDecorator = task -> {
        decoratedOn.add(Thread.currentThread().getName());
        final Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            final Map<String, String> previous = MDC.getCopyOfContextMap();
            if (context == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(context);
            }
            try {
                task.run();
            } finally {
                if (previous == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(previous);
                }
            }
        };
    };

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void shouldRunEveryRunnableEntryInTheSubmittersMdc() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().namePrefix("deco-mdc").poolSize(2)
                .taskDecorator(mdcDecorator).build()) {
            MDC.put("request", "r-1");
            final CompletableFuture<String> executed = new CompletableFuture<>();
            pool.execute(() -> executed.complete(MDC.get("request")));
            assertEquals("r-1", executed.get(10, TimeUnit.SECONDS));

            MDC.put("request", "r-2");
            assertEquals("r-2", pool.submit(() -> MDC.get("request")).get(10, TimeUnit.SECONDS));
            final List<Future<String>> all = pool.invokeAll(List.of(() -> MDC.get("request"),
                    () -> MDC.get("request")));
            for (Future<String> f : all) {
                assertEquals("r-2", f.get(10, TimeUnit.SECONDS));
            }
            assertEquals("r-2", pool.invokeAny(List.of(() -> MDC.get("request"))));

            MDC.put("request", "r-3");
            assertEquals("r-3", pool.spawnBlocking(() -> MDC.get("request")).get(10, TimeUnit.SECONDS));
            final CompletableFuture<String> blockingRun = new CompletableFuture<>();
            pool.spawnBlocking(() -> {
                blockingRun.complete(MDC.get("request"));
            }).get(10, TimeUnit.SECONDS);
            assertEquals("r-3", blockingRun.get(10, TimeUnit.SECONDS));

            // the worker's MDC is put back after each task: a submitter without one sees none
            MDC.clear();
            assertEquals("none", pool.submit(() -> String.valueOf(MDC.get("request")).replace("null", "none"))
                    .get(10, TimeUnit.SECONDS));
            final String self = Thread.currentThread().getName();
            assertTrue(decoratedOn.size() >= 7, "decorator calls: " + decoratedOn);
            for (String thread : decoratedOn) {
                assertEquals(self, thread, "the decorator runs on the submitting thread");
            }
        }
    }

    @Test
    void shouldHandSpawnBlockingsCheckedExceptionAndValueThroughTheDecorator() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().namePrefix("deco-sb").poolSize(1)
                .taskDecorator(mdcDecorator).build()) {
            final Exception checked = new java.io.IOException("disk");
            final ExecutionException e = assertThrows(ExecutionException.class,
                    () -> pool.spawnBlocking((Callable<Object>) () -> {
                        throw checked;
                    }).get(10, TimeUnit.SECONDS));
            assertSame(checked, e.getCause());
            assertEquals(42, pool.spawnBlocking(() -> 42).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldDecorateMessagesToAPinnedCore() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().namePrefix("deco-pin").pinnedCores(CpuSet.allowed().size() >= 2
                ? CpuSet.of(CpuSet.allowed().cpu(0), CpuSet.allowed().cpu(1)) : CpuSet.allowed())
                .taskDecorator(mdcDecorator).build()) {
            final int cpu = pool.pinnedCores().orElseThrow().cpu(0);
            MDC.put("request", "pinned");
            final CompletableFuture<String> executed = new CompletableFuture<>();
            pool.core(cpu).execute(() -> executed.complete(MDC.get("request")));
            assertEquals("pinned", executed.get(10, TimeUnit.SECONDS));
            final CompletableFuture<String> unaffinitized = pool.spawnUnaffinitized(() -> MDC.get("request"));
            assertEquals("pinned", unaffinitized.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldNameTheOriginalTaskInRejectionsAndShutdownNow() throws Exception {
        final ThreadPool pool = ThreadPool.builder().namePrefix("deco-report").poolSize(1)
                .taskDecorator(mdcDecorator).build();
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        pool.execute(() -> {
            running.countDown();
            TestSupport.awaitQuietly(release);
        });
        TestSupport.await(running, "the blocker");
        final Runnable queued = named("queued-task");
        pool.execute(queued);
        final List<Runnable> unstarted = pool.shutdownNow();
        release.countDown();
        assertEquals(1, unstarted.size(), "unstarted: " + unstarted);
        assertSame(queued, unstarted.get(0), "shutdownNow hands back the submitted task");
        final RejectedExecutionException rejected = assertThrows(RejectedExecutionException.class,
                () -> pool.execute(named("late-task")));
        assertTrue(rejected.getMessage().contains("late-task"), rejected.getMessage());
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldFailTheSubmissionWhenTheDecoratorReturnsNullOrThrows() throws Exception {
        try (ThreadPool nulls = ThreadPool.builder().namePrefix("deco-null").poolSize(1)
                .taskDecorator(task -> null).build()) {
            final NullPointerException e = assertThrows(NullPointerException.class,
                    () -> nulls.execute(named("the-task")));
            assertTrue(e.getMessage().contains("taskDecorator returned null for task the-task"),
                    e.getMessage());
        }
        final IllegalStateException boom = new IllegalStateException("no context");
        try (ThreadPool throwing = ThreadPool.builder().namePrefix("deco-throw").poolSize(1)
                .taskDecorator(task -> {
                    throw boom;
                }).build()) {
            final CountDownLatch ran = new CountDownLatch(1);
            assertSame(boom, assertThrows(IllegalStateException.class, () -> throwing.execute(ran::countDown)));
            assertTrue(TestSupport.staysClosed(ran, 200), "a task whose decoration failed ran");
        }
    }

    @Test
    void shouldRejectANullDecorator() {
        assertThrows(NullPointerException.class, () -> ThreadPool.builder().taskDecorator(null));
        assertThrows(NullPointerException.class, () -> ThreadPool.builder().contextPropagator(null));
    }

    private static Runnable named(String name) {
        return new Runnable() {
            @Override
            public void run() {
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
