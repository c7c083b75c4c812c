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

import java.util.concurrent.CountDownLatch;
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
 * tokio's {@code spawn_many_remote_busy1}: {@link SpawnManyRemote} while the workers are kept
 * busy by {@code 2 * poolSize} background tasks that stall for 10 µs and then re-submit
 * themselves (for virtual threads: loop on {@code Thread.yield()} and the stall).
 *
 * <p>Measures fairness between a worker's own re-scheduled work and external submissions: a
 * pool that keeps picking its local re-submissions starves the inbox and scores low.
 * An executor that never takes an external submission while its workers have local work
 * (ForkJoinPool, whose workers only scan for submissions when their own queue is empty, and
 * the virtual-thread scheduler built on it) starves: the operation fails after
 * {@value #STARVED_AFTER_SECONDS} s, and the runner reports the cell as starved.
 * Score: submitted tasks/s (the background stalls are not counted).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SpawnManyRemoteBusy extends PoolState {
    /** Tasks per operation. */
    public static final int TASKS = 10_000;

    /** An operation that takes longer than this fails as starved. */
    public static final long STARVED_AFTER_SECONDS = 10;

    private volatile boolean busy;
    private CountDownLatch stallsStopped;
    private Runnable task;

    @Override
    protected void prepare() {
        final Completion done = completion;
        task = done::countDown;
        done.timeoutSeconds(STARVED_AFTER_SECONDS);
        final int stalls = 2 * poolSize;
        stallsStopped = new CountDownLatch(stalls);
        busy = true;
        for (int i = 0; i < stalls; i++) {
            pool.execute(kind == ExecutorKind.VIRTUAL ? this::stallLoop : new StallTask(pool));
        }
    }

    @Override
    protected void release() throws InterruptedException {
        busy = false;
        if (!stallsStopped.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("background stalls did not stop within 30 s");
        }
    }

    private void stallLoop() {
        while (busy) {
            Thread.yield();
            Stall.stall();
        }
        stallsStopped.countDown();
    }

    /** A background task that stalls, then re-submits itself while the benchmark is running. */
    private final class StallTask implements Runnable {
        private final ExecutorService executor;

        StallTask(ExecutorService executor) {
            this.executor = executor;
        }

        @Override
        public void run() {
            if (!busy) {
                stallsStopped.countDown();
                return;
            }
            Stall.stall();
            executor.execute(this);
        }
    }

    /** One operation: submit {@value #TASKS} tasks from outside the busy pool, wait for all. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void spawnManyRemoteBusy() {
        final ExecutorService executor = pool;
        final Runnable t = task;
        completion.arm(TASKS);
        for (int i = 0; i < TASKS; i++) {
            executor.execute(t);
        }
        completion.await();
    }
}
