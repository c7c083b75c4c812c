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

package io.tidepool.bench.scheduler;

import io.tidepool.ThreadPool;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The executor under test, shared by every scheduler benchmark: created once per trial (per JMH
 * fork and parameter set) and shut down at its end.
 *
 * <p>Subclasses are the benchmarks; they hook their own trial set-up into {@link #prepare} and
 * their clean-up into {@link #release}, which run after the executor exists and before it is
 * shut down.
 */
@State(Scope.Benchmark)
public abstract class PoolState {
    /** Which executor: tidepool, forkjoin, forkjoin-async, threadpool or virtual. */
    @Param({"tidepool", "forkjoin", "forkjoin-async", "threadpool", "virtual"})
    public String executor;

    /** Threads in the pool (carrier threads for virtual); the same for every executor. */
    @Param({"2"})
    public int poolSize;

    /**
     * The JIT's type profiles when the measurement starts: {@code clean} (only this benchmark
     * has run in the JVM) or {@code polluted} ({@link Pollution} has run many task classes
     * through four executors first, as in a real service).
     */
    @Param({"clean"})
    public String profile;

    /** The kind parsed from {@link #executor}. */
    protected ExecutorKind kind;

    /** The executor; a {@link ThreadPool} when {@link #kind} is {@link ExecutorKind#TIDEPOOL}. */
    protected ExecutorService pool;

    /** Signals the end of one operation to the benchmark thread. */
    protected final Completion completion = new Completion();

    /** Creates the executor, then runs the benchmark's own {@link #prepare}. */
    @Setup(Level.Trial)
    public final void setUpPool() {
        kind = ExecutorKind.of(executor);
        switch (profile) {
            case "clean" -> { }
            case "polluted" -> Pollution.pollute();
            default -> throw new IllegalArgumentException("profile must be clean or polluted: " + profile);
        }
        pool = kind.create(poolSize);
        prepare();
    }

    /** Runs the benchmark's own {@link #release}, then shuts the executor down. */
    @TearDown(Level.Trial)
    public final void tearDownPool() throws InterruptedException {
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
    protected void prepare() {
    }

    /** Benchmark-specific trial clean-up; the executor is still running. */
    protected void release() throws InterruptedException {
    }

    /** The executor as a tidepool {@link ThreadPool}; only when {@link #kind} is tidepool. */
    protected final ThreadPool tidepool() {
        return (ThreadPool) pool;
    }
}
