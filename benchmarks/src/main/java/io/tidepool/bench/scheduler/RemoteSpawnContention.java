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

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * tokio's {@code remote_spawn_contention}: {@value #TASKS} empty tasks submitted from
 * {@link #submitters} threads outside the pool at once, {@code TASKS / submitters} each.
 *
 * <p>Measures contention on the external submission path. The submitting threads are started
 * once per trial and released together by a barrier at the start of each operation, so thread
 * start-up is not measured; unlike tokio, which times only the spawning, an operation ends when
 * every task has run. Score: tasks/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RemoteSpawnContention extends PoolState {
    /** Tasks per operation, divisible by every {@link #submitters} value. */
    public static final int TASKS = 12_800;

    /** Threads submitting at the same time. */
    @Param({"1", "2", "4", "8"})
    public int submitters;

    private CyclicBarrier start;
    private volatile boolean stopped;
    private Thread[] threads;

    @Override
    protected void prepare() {
        if (TASKS % submitters != 0) {
            throw new IllegalArgumentException("submitters must divide " + TASKS + ": " + submitters);
        }
        final Completion done = completion;
        final Runnable task = done::countDown;
        final ExecutorService executor = pool;
        final int share = TASKS / submitters;
        start = new CyclicBarrier(submitters + 1);
        threads = new Thread[submitters];
        for (int i = 0; i < submitters; i++) {
            threads[i] = new Thread(() -> submitLoop(executor, task, share), "submitter-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    private void submitLoop(ExecutorService executor, Runnable task, int share) {
        try {
            while (true) {
                start.await();
                if (stopped) {
                    return;
                }
                for (int i = 0; i < share; i++) {
                    executor.execute(task);
                }
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            // the trial is being torn down
        }
    }

    @Override
    protected void release() throws InterruptedException {
        stopped = true;
        start.reset();
        for (Thread t : threads) {
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /** One operation: release the submitters, wait for all {@value #TASKS} tasks to run. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void remoteSpawnContention()
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        completion.arm(TASKS);
        start.await(Completion.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        completion.await();
    }
}
