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

import io.tidepool.ThreadPool;
import io.tidepool.bench.scheduler.Completion;
import io.tidepool.bench.scheduler.ExecutorKind;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The executor under test for the blocking benchmarks, created per trial with
 * {@link ExecutorKind#create} and shut down at its end: the scheduler benchmarks'
 * {@code PoolState} (tidepool built with {@code maxBlocking(}{@value #MAX_BLOCKING}{@code )}),
 * restricted to the executors that have a {@link Section} (tidepool,
 * forkjoin, threadpool; virtual threads are left out, their blocking is a different model).
 */
@State(Scope.Benchmark)
public abstract class BlockingPoolState {
    /** tidepool's {@code maxBlocking}: tokio's {@code cpu_bound} builds its pool with 20. */
    public static final int MAX_BLOCKING = 20;

    /** Which executor: tidepool, forkjoin or threadpool. */
    @Param({"tidepool", "forkjoin", "threadpool"})
    public String executor;

    /** Threads in the pool; the same for every executor. */
    @Param({"2"})
    public int poolSize;

    /** The kind parsed from {@link #executor}. */
    protected ExecutorKind kind;

    /** The executor. */
    protected ExecutorService pool;

    /** Signals the end of one operation to the benchmark thread. */
    protected final Completion completion = new Completion();

    /** Creates the executor, then runs the benchmark's own {@link #prepare}. */
    @Setup(Level.Trial)
    public final void setUpPool() throws Exception {
        kind = ExecutorKind.of(executor);
        pool = kind == ExecutorKind.TIDEPOOL
                ? ThreadPool.builder().poolSize(poolSize).maxBlocking(MAX_BLOCKING)
                        .namePrefix("tidepool-bench").build()
                : kind.create(poolSize);
        prepare();
    }

    /** Runs the benchmark's own {@link #release}, then shuts the executor down. */
    @TearDown(Level.Trial)
    public final void tearDownPool() throws Exception {
        try {
            release();
        } finally {
            pool.shutdownNow();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(executor + " did not terminate within 30 s");
            }
        }
    }

    /** Benchmark-specific trial set-up; the executor exists. */
    protected void prepare() throws Exception {
    }

    /** Benchmark-specific trial clean-up; the executor is still running. */
    protected void release() throws Exception {
    }
}
