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

import io.tidepool.RejectionHandler;
import io.tidepool.ThreadPool;
import io.tidepool.ThreadPoolBuilder;
import io.tidepool.bench.scheduler.Completion;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * The cost of {@code maxQueued} on the remote-submit shapes, bounded and unbounded side by side
 * in one run: {@value #TASKS} empty tasks submitted from outside the pool, by the benchmark
 * thread itself ({@code submitters=1}: tokio's {@code spawn_many_remote_idle}) or by several
 * threads released together ({@code submitters>1}: {@code remote_spawn_contention}); an
 * operation ends when every task has run.
 *
 * <p>{@code bound}: {@code unbounded} (the default pool), {@code bounded}
 * ({@code maxQueued} of 2^20, far above what one operation queues, so no submission is refused
 * and the score is the price of the bound alone: the claim to test is "within 5% of
 * unbounded"), and, not in the default list, {@code tight} ({@code maxQueued(1024)} with
 * {@code blockFor(10 s)}: the submitters outrun the workers and wait for room, which measures
 * backpressure, not the check). Score: tasks/s.
 *
 * <p>Bounded against unbounded: a few forks of each, as JMH runs them, differ by 10-30% from
 * fork to fork, far more than the 5% to show. {@code benchmarks/scripts/bound-cost.sh} runs
 * this benchmark one fork at a time instead, unbounded and bounded in pairs back to back (the
 * order alternating), and prints the geometric mean of the pairs' ratios with a 95% interval,
 * adding pairs until the interval is narrow enough. Each fork runs one configuration, so its
 * compiled offer is profiled on that configuration alone, as in a service with one pool.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BoundCost {
    /** Tasks per operation, divisible by every {@link #submitters} value. */
    public static final int TASKS = 12_800;

    /** Which bound: unbounded, bounded (room to spare) or tight (waits for room). */
    @Param({"unbounded", "bounded"})
    public String bound;

    /** Threads submitting; 1 is the benchmark thread itself. */
    @Param({"1", "4"})
    public int submitters;

    /** Threads in the pool. */
    @Param({"2"})
    public int poolSize;

    private ThreadPool pool;
    private final Completion completion = new Completion();
    private Runnable task;
    private CyclicBarrier start;
    private volatile boolean stopped;
    private Thread[] threads;

    /** Builds the pool with the chosen bound and starts the submitting threads. */
    @Setup(Level.Trial)
    public void setUp() {
        if (TASKS % submitters != 0) {
            throw new IllegalArgumentException("submitters must divide " + TASKS + ": " + submitters);
        }
        final ThreadPoolBuilder b = ThreadPool.builder().poolSize(poolSize).namePrefix("bound-bench");
        switch (bound) {
            case "unbounded" -> { }
            case "bounded" -> b.maxQueued(1 << 20);
            case "tight" -> b.maxQueued(1024).rejectionHandler(RejectionHandler.blockFor(Duration.ofSeconds(10)));
            default -> throw new IllegalArgumentException("bound must be unbounded, bounded or tight: " + bound);
        }
        pool = b.build();
        final Completion done = completion;
        task = done::countDown;
        if (submitters > 1) {
            final int share = TASKS / submitters;
            start = new CyclicBarrier(submitters + 1);
            threads = new Thread[submitters];
            for (int i = 0; i < submitters; i++) {
                threads[i] = new Thread(() -> submitLoop(share), "submitter-" + i);
                threads[i].setDaemon(true);
                threads[i].start();
            }
        }
    }

    private void submitLoop(int share) {
        final ThreadPool p = pool;
        final Runnable t = task;
        try {
            while (true) {
                start.await();
                if (stopped) {
                    return;
                }
                for (int i = 0; i < share; i++) {
                    p.execute(t);
                }
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            // the trial is being torn down
        }
    }

    /** Stops the submitters and the pool. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        try {
            if (threads != null) {
                stopped = true;
                start.reset();
                for (Thread t : threads) {
                    t.interrupt();
                    t.join(TimeUnit.SECONDS.toMillis(30));
                }
            }
        } finally {
            pool.shutdownNow();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pool did not terminate within 30 s");
            }
        }
        if (pool.metrics().rejectedCount() != 0 && !"tight".equals(bound)) {
            throw new IllegalStateException("the bound refused submissions: " + pool.metrics());
        }
    }

    /** One operation: submit {@value #TASKS} tasks from outside the pool, wait for all of them. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void remoteSubmit() throws InterruptedException, BrokenBarrierException, TimeoutException {
        completion.arm(TASKS);
        if (submitters == 1) {
            final ThreadPool p = pool;
            final Runnable t = task;
            for (int i = 0; i < TASKS; i++) {
                p.execute(t);
            }
        } else {
            start.await(Completion.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        completion.await();
    }
}
