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

import java.util.concurrent.ExecutorService;
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
 * tokio's {@code spawn_many_remote_idle}: the benchmark thread, which is not a worker, submits
 * {@value #TASKS} empty tasks to an idle pool and waits until all of them have run.
 *
 * <p>Measures the external submission path (tidepool: a worker's MPSC inbox; ForkJoinPool: a
 * submission queue; ThreadPoolExecutor: its shared blocking queue; virtual: one virtual thread
 * per task) and how quickly idle workers are woken to drain it. Every submission is the same
 * {@code Runnable}, so the allocation reported is the executor's own. Score: tasks/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SpawnManyRemote extends PoolState {
    /** Tasks per operation. */
    public static final int TASKS = 10_000;

    private Runnable task;

    @Override
    protected void prepare() {
        final Completion done = completion;
        task = done::countDown;
    }

    /** One operation: submit {@value #TASKS} tasks from outside the pool, wait for all. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void spawnManyRemote() {
        final ExecutorService executor = pool;
        final Runnable t = task;
        completion.arm(TASKS);
        for (int i = 0; i < TASKS; i++) {
            executor.execute(t);
        }
        completion.await();
    }
}
