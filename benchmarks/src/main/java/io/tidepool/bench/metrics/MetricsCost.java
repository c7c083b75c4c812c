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
import io.tidepool.ThreadPoolBuilder;
import io.tidepool.bench.scheduler.Completion;
import io.tidepool.bench.scheduler.SpawnManyLocal;
import java.time.Duration;
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
 * The cost of tidepool's optional per-poll timing on tokio's {@code spawn_many_local} shape (one
 * task spawns {@value #TASKS} empty tasks; the benchmark thread waits for all of them).
 *
 * <p>The counters are always on, so this compares the settings of the per-poll clock:
 * {@code counters} (the default: counters plus a clock read per batch of up to 64 tasks),
 * {@code histogram} ({@code pollTimeHistogram(true)}: one {@code System.nanoTime()} call and a
 * bucket increment per task), {@code latency} ({@code scheduleLatencyHistogram(true)}: a
 * {@code System.nanoTime()} call and a wrapper allocation per submission, the per-poll clock and
 * a bucket increment per run) and {@code longpoll} ({@code longPollThreshold(100 ms)}: the
 * per-poll clock, a comparison, no histogram).
 *
 * <p>The counters themselves can be compiled out for a measurement with the internal switch
 * {@code -Dio.tidepool.internal.metrics.noCounters=true} (pass it with {@code -jvmArgsAppend});
 * their cost is settled by instruction counts ({@link CounterInstructions}, docs/notes/metrics-cost.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MetricsCost {
    /** Tasks spawned per operation (the spawning task is not counted), as in the shape. */
    public static final int TASKS = SpawnManyLocal.TASKS;

    /** Which metrics setting: counters, histogram, latency or longpoll. */
    @Param({"counters", "histogram", "latency", "longpoll"})
    public String metrics;

    /** Threads in the pool. */
    @Param({"2"})
    public int poolSize;

    private ThreadPool pool;
    private final Completion completion = new Completion();
    private Runnable spawner;

    /** Builds the pool with the chosen setting. */
    @Setup(Level.Trial)
    public void setUp() {
        final ThreadPoolBuilder b = ThreadPool.builder().poolSize(poolSize).namePrefix("metrics-bench");
        switch (metrics) {
            case "counters":
                break;
            case "histogram":
                b.pollTimeHistogram(true);
                break;
            case "latency":
                b.scheduleLatencyHistogram(true);
                break;
            case "longpoll":
                b.longPollThreshold(Duration.ofMillis(100));
                break;
            default:
                throw new IllegalArgumentException("unknown metrics setting: " + metrics);
        }
        pool = b.build();
        spawner = SpawnManyLocal.spawner(pool, completion);
    }

    /** Shuts the pool down. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        pool.shutdownNow();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pool did not terminate within 30 s");
        }
    }

    /** One operation: submit one task that spawns {@value #TASKS} tasks, wait for all of them. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void spawnManyLocal() {
        completion.arm(TASKS);
        pool.execute(spawner);
        completion.await();
    }
}
