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

package io.tidepool.bench.metrics;

import io.tidepool.ThreadPool;
import io.tidepool.bench.scheduler.Completion;
import io.tidepool.bench.scheduler.SpawnManyLocal;
import io.tidepool.internal.metrics.WorkerStats;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The cost of tidepool's always-on counters in time: tokio's {@code spawn_many_local} (one task
 * spawns {@value #TASKS} empty tasks, the benchmark thread waits for all of them, as
 * {@code scheduler.SpawnManyLocal}) with the counters on and off, in one JMH run.
 *
 * <p>The two benchmark methods run the same code; they differ only in their forks' JVM flags:
 * {@link #countersOff()}'s forks start with
 * {@code -D}{@value WorkerStats#NO_COUNTERS_PROPERTY}{@code =true}, the internal switch that
 * turns every owner-side counter method into an immediate return (a {@code static final} read
 * when {@code WorkerStats} loads, folded by the JIT). The setup checks that each method got the
 * mode it names, and the tear-down that the pool counted its polls (on) or counted nothing
 * (off), so a run with a wrong flag fails instead of comparing a mode with itself.
 *
 * <p>Score: tasks/s. The difference of the two scores is the counters' cost; the instruction
 * counts of {@link CounterInstructions} (docs/notes/metrics-cost.md, "Measured cost") resolve it on a
 * shared machine, where timing does not. Usage (on an idle machine):
 * {@code java -jar benchmarks.jar metrics.CounterCost -f 5 -wi 5 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CounterCost {
    /** Tasks spawned per operation (the spawning task is not counted), as in the shape. */
    public static final int TASKS = SpawnManyLocal.TASKS;

    /** Threads in the pool. */
    @Param({"1", "2"})
    public int poolSize;

    private ThreadPool pool;
    private final Completion completion = new Completion();
    private Runnable spawner;
    private boolean counting;

    /**
     * Builds the pool after checking that the fork's switch matches the method.
     *
     * @param params which benchmark method this trial runs
     */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        counting = !Boolean.getBoolean(WorkerStats.NO_COUNTERS_PROPERTY);
        final boolean wantCounting = params.getBenchmark().endsWith(".countersOn");
        if (counting != wantCounting) {
            throw new IllegalStateException(params.getBenchmark() + " runs with "
                    + WorkerStats.NO_COUNTERS_PROPERTY + "=" + !counting);
        }
        pool = ThreadPool.builder().poolSize(poolSize).namePrefix("counter-cost").build();
        spawner = SpawnManyLocal.spawner(pool, completion);
    }

    /**
     * Shuts the pool down and checks that the counters counted (on) or stayed at zero (off).
     *
     * @throws InterruptedException if interrupted while waiting for termination
     */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pool did not terminate within 30 s");
        }
        final long polls = pool.metrics().pollCount();
        if (counting ? polls == 0 : polls != 0) {
            throw new IllegalStateException("counters " + (counting ? "on" : "off")
                    + " but polls = " + polls);
        }
    }

    /** Counters on (the product as shipped): one operation is {@value #TASKS} spawned tasks. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    @Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
    public void countersOn() {
        run();
    }

    /** Counters compiled out: the same operation in forks started with the internal switch. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    @Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g",
            "-D" + WorkerStats.NO_COUNTERS_PROPERTY + "=true"})
    public void countersOff() {
        run();
    }

    private void run() {
        completion.arm(TASKS);
        pool.execute(spawner);
        completion.await();
    }
}
