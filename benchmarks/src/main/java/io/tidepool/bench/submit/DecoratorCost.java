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
package io.tidepool.bench.submit;

import io.tidepool.ThreadPool;
import io.tidepool.ThreadPoolBuilder;
import io.tidepool.bench.scheduler.Completion;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@code taskDecorator} on tokio's {@code spawn_many_remote_idle} shape (the
 * benchmark thread submits {@value #TASKS} empty tasks and waits for all of them), side by side
 * in one run: {@code off} (no decorator: the submission path tests one final field),
 * {@code identity} (a decorator that returns the task: the call and the pool's wrapper that keeps
 * the original task for reports) and {@code context} (an MDC-style decorator: copies a
 * thread-local map of two entries at submission and installs and restores it around the run, as
 * Spring's MDC {@code TaskDecorator} does; the benchmark thread's map is set at its first
 * operation).
 * Score: tasks/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DecoratorCost {
    /** Tasks per operation. */
    public static final int TASKS = 10_000;

    /** A logging context in the manner of SLF4J's MDC: a map per thread. */
    static final ThreadLocal<Map<String, String>> CONTEXT = new ThreadLocal<>();

    /** Which decorator: off, identity or context. */
    @Param({"off", "identity", "context"})
    public String decorator;

    /** Threads in the pool. */
    @Param({"2"})
    public int poolSize;

    private ThreadPool pool;
    private final Completion completion = new Completion();
    private Runnable task;

    /** Copies the submitter's context now; installs it around the run and restores the worker's. */
    static Runnable copyContext(Runnable task) {
        final Map<String, String> captured = CONTEXT.get();
        final Map<String, String> copy = captured == null ? null : new HashMap<>(captured);
        return () -> {
            final Map<String, String> previous = CONTEXT.get();
            CONTEXT.set(copy);
            try {
                task.run();
            } finally {
                CONTEXT.set(previous);
            }
        };
    }

    /** Builds the pool with the chosen decorator. */
    @Setup(Level.Trial)
    public void setUp() {
        final ThreadPoolBuilder b = ThreadPool.builder().poolSize(poolSize).namePrefix("decorator-bench");
        switch (decorator) {
            case "off" -> { }
            case "identity" -> b.taskDecorator(t -> t);
            case "context" -> b.taskDecorator(DecoratorCost::copyContext);
            default -> throw new IllegalArgumentException("decorator must be off, identity or context: " + decorator);
        }
        pool = b.build();
        final Completion done = completion;
        task = done::countDown;
    }

    /** The benchmark thread's context, set on the thread that submits. */
    private static void ensureContext() {
        if (CONTEXT.get() == null) {
            final Map<String, String> context = new HashMap<>();
            context.put("requestId", "r-1");
            context.put("user", "bench");
            CONTEXT.set(context);
        }
    }

    /** Shuts the pool down. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        pool.shutdownNow();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pool did not terminate within 30 s");
        }
    }

    /** One operation: submit {@value #TASKS} tasks from outside the pool, wait for all. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void spawnManyRemote() {
        final ThreadPool p = pool;
        final Runnable t = task;
        // one thread-local read per operation of 10,000 tasks
        ensureContext();
        completion.arm(TASKS);
        for (int i = 0; i < TASKS; i++) {
            p.execute(t);
        }
        completion.await();
    }
}
