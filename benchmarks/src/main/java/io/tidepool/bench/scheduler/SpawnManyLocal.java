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

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * tokio's {@code spawn_many_local}: one task running on the pool spawns {@value #TASKS} empty
 * tasks; the benchmark thread waits until all of them have run.
 *
 * <p>Measures the local spawn path (tidepool and ForkJoinPool: the worker's own deque, from
 * which the other workers steal; ThreadPoolExecutor: still its shared queue) plus stealing.
 * The spawner itself is one extra task per operation, not counted. Score: tasks/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SpawnManyLocal extends PoolState {
    /** Tasks spawned per operation (the spawning task is not counted). */
    public static final int TASKS = 10_000;

    private Runnable spawner;

    @Override
    protected void prepare() {
        spawner = spawner(pool, completion);
    }

    /**
     * The shape's spawning task, shared with the metrics benchmarks that run this shape: it
     * submits {@value #TASKS} tasks that each count {@code done} down once.
     *
     * @param executor where the tasks go (the spawner runs there too, so they are local spawns)
     * @param done the signal the tasks count down; arm it with {@value #TASKS} per operation
     * @return the spawning task
     */
    public static Runnable spawner(Executor executor, Completion done) {
        final Runnable task = done::countDown;
        return () -> {
            for (int i = 0; i < TASKS; i++) {
                executor.execute(task);
            }
        };
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
