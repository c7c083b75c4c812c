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

import io.tidepool.AsyncTask;
import io.tidepool.Poll;
import io.tidepool.TaskContext;
import io.tidepool.ThreadPool;
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
 * tokio's {@code yield_many}: {@value #TASKS} tasks submitted from outside, each yielding
 * {@value #YIELDS} times before it finishes.
 *
 * <p>How a task yields depends on the executor: tidepool spawns an {@link AsyncTask} that wakes
 * its own waker and returns pending, so a yield re-schedules the same task cell; virtual
 * threads call {@link Thread#yield}; the other executors run a {@code Runnable} that re-submits
 * itself. Measures the re-schedule path. Score: yields/s (one op = one re-schedule).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class YieldMany extends PoolState {
    /** Tasks per operation. */
    public static final int TASKS = 200;

    /** Yields per task. */
    public static final int YIELDS = 1_000;

    private AsyncYielder[] asyncYielders;
    private RunnableYielder[] runnableYielders;
    private Runnable virtualYielder;

    @Override
    protected void prepare() {
        final Completion done = completion;
        switch (kind) {
            case TIDEPOOL:
                asyncYielders = new AsyncYielder[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    asyncYielders[i] = new AsyncYielder(done);
                }
                break;
            case VIRTUAL:
                virtualYielder = () -> {
                    for (int i = 0; i < YIELDS; i++) {
                        Thread.yield();
                    }
                    done.countDown();
                };
                break;
            default:
                runnableYielders = new RunnableYielder[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    runnableYielders[i] = new RunnableYielder(pool, done);
                }
                break;
        }
    }

    /** One operation: {@value #TASKS} tasks x {@value #YIELDS} yields. */
    @Benchmark
    @OperationsPerInvocation(TASKS * YIELDS)
    public void yieldMany() {
        completion.arm(TASKS);
        if (asyncYielders != null) {
            final ThreadPool tidepool = tidepool();
            for (AsyncYielder y : asyncYielders) {
                y.left = YIELDS;
                tidepool.spawn(y);
            }
        } else if (runnableYielders != null) {
            final ExecutorService executor = pool;
            for (RunnableYielder y : runnableYielders) {
                y.left = YIELDS;
                executor.execute(y);
            }
        } else {
            for (int i = 0; i < TASKS; i++) {
                pool.execute(virtualYielder);
            }
        }
        completion.await();
    }

    /** tidepool: a poll-based task that yields by waking itself and returning pending. */
    private static final class AsyncYielder implements AsyncTask<Void> {
        private final Completion done;
        int left;

        AsyncYielder(Completion done) {
            this.done = done;
        }

        @Override
        public Poll<Void> poll(TaskContext cx) {
            // plain: polls of one task are ordered by its state machine
            if (left == 0) {
                done.countDown();
                return Poll.ready(null);
            }
            left--;
            cx.waker().wake();
            return Poll.pending();
        }
    }

    /** The other executors: a task that yields by re-submitting itself. */
    private static final class RunnableYielder implements Runnable {
        private final ExecutorService executor;
        private final Completion done;
        int left;

        RunnableYielder(ExecutorService executor, Completion done) {
            this.executor = executor;
            this.done = done;
        }

        @Override
        public void run() {
            // plain: the re-submission happens-before the next run
            if (left == 0) {
                done.countDown();
            } else {
                left--;
                executor.execute(this);
            }
        }
    }
}
