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

package io.tidepool.bench.blocking;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * tokio-threadpool's {@code benches/blocking.rs} {@code cpu_bound}: {@value #TASKS} tasks are
 * submitted to the pool from the benchmark thread, each runs a short CPU-bound computation
 * ({@value #ROUNDS} xorshift rounds, where tokio draws one random number) and counts down; the
 * operation ends when all have run. As in tokio, the pool has 2 workers and tidepool a
 * {@code maxBlocking} of 20 ({@link BlockingPoolState}).
 *
 * <ul>
 *   <li>{@link #blockingSection}: the computation runs on the pool thread inside the executor's
 *       blocking section ({@link Section}): {@code tidepool} uses
 *       {@code Blocking.blocking(...)}, which hands the worker's queues to a backup thread for
 *       the duration; {@code forkjoin} uses {@code ForkJoinPool.managedBlock} with a
 *       {@code ManagedBlocker}; {@code threadpool} runs the computation inline, because a
 *       {@code ThreadPoolExecutor} has no notion of a blocking section (its figure is therefore
 *       the cost of the computation plus a plain task, the baseline for the other two).</li>
 *   <li>{@link #messagePassing}: tokio's alternative: the task sends the computation to a
 *       separate fixed pool of {@value #COMPUTE_THREADS} threads (tokio's
 *       {@code threadpool::ThreadPool::new(20)}) and the result comes back as a
 *       continuation submitted to the pool under test
 *       ({@code CompletableFuture.supplyAsync(..., computePool).thenRunAsync(..., pool)}), which
 *       counts down.</li>
 * </ul>
 *
 * <p>The {@value #TASKS} tasks are built once per trial, so the allocation reported is the
 * executor's and the section's (for {@code forkjoin}, one {@code ManagedBlocker} per task; for
 * message passing, the {@code CompletableFuture}s). Score: tasks/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CpuBound extends BlockingPoolState {
    /** Tasks per operation (tokio's {@code ITER}). */
    public static final int TASKS = 1_000;

    /** Rounds of the computation each task performs (about a microsecond in all). */
    public static final int ROUNDS = 1_000;

    /** Threads of the separate pool used by {@link #messagePassing}, as in tokio's bench. */
    public static final int COMPUTE_THREADS = 20;

    /** Written only if a computation yields 0, which keeps the JIT from dropping the work. */
    static volatile long sink;

    private ExecutorService computePool;
    private Task[] tasks;

    @Override
    protected void prepare() {
        computePool = Executors.newFixedThreadPool(COMPUTE_THREADS);
        tasks = new Task[TASKS];
        for (int i = 0; i < TASKS; i++) {
            tasks[i] = new Task(this, i + 1);
        }
    }

    @Override
    protected void release() throws InterruptedException {
        computePool.shutdownNow();
        if (!computePool.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("compute pool did not terminate within 30 s");
        }
    }

    /** One operation: {@value #TASKS} tasks, each computing inside a blocking section. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void blockingSection() {
        final ExecutorService executor = pool;
        final Task[] ts = tasks;
        completion.arm(TASKS);
        for (Task t : ts) {
            executor.execute(t);
        }
        completion.await();
    }

    /** One operation: {@value #TASKS} tasks, each handing the computation to a separate pool. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void messagePassing() {
        final ExecutorService executor = pool;
        final Task[] ts = tasks;
        completion.arm(TASKS);
        for (Task t : ts) {
            executor.execute(t.viaComputePool);
        }
        completion.await();
    }

    /** The computation: {@value #ROUNDS} rounds of xorshift64 from {@code seed}. */
    static long compute(long seed) {
        long x = seed;
        for (int i = 0; i < ROUNDS; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /** One task of the batch, reused by every operation. */
    private static final class Task implements Runnable, Callable<Long>, Supplier<Long> {
        private final CpuBound bench;
        private final long seed;
        private final Runnable countDown;
        final Runnable viaComputePool;

        Task(CpuBound bench, long seed) {
            this.bench = bench;
            this.seed = seed;
            this.countDown = bench.completion::countDown;
            this.viaComputePool = () -> CompletableFuture.supplyAsync(this, bench.computePool)
                    .thenRunAsync(countDown, bench.pool);
        }

        /** The blocking-section form: compute in a section, then count down. */
        @Override
        public void run() {
            try {
                Section.run(bench.kind, this);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            bench.completion.countDown();
        }

        @Override
        public Long call() {
            final long r = compute(seed);
            if (r == 0) {
                sink = r;
            }
            return null;
        }

        @Override
        public Long get() {
            return call();
        }
    }
}
