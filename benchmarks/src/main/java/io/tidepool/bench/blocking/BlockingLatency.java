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

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of short tasks while other tasks block: during the whole trial, {@link #blockers}
 * tasks each sleep {@link #sleepMillis} ms inside the executor's blocking section
 * ({@link Section}) and re-submit themselves to the pool; the benchmark thread submits one empty
 * task at a time and waits for it to run. JMH's {@code SampleTime} mode records the round-trip
 * (submit, run, wake the benchmark thread) of each one, so the p50 and p99 it reports are the
 * latency a short task sees next to blocking code.
 *
 * <p>With the default of as many blockers as pool threads: {@code tidepool} hands the workers'
 * queues to backup threads while the sleepers sleep ({@code Blocking.run}); {@code forkjoin}
 * compensates with spare threads ({@code ForkJoinPool.managedBlock}); {@code threadpool} just
 * sleeps on its workers (it has no blocking section), so a short task waits for a sleeper to
 * finish. The round-trip includes one park/unpark of the benchmark thread, the same for all.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BlockingLatency extends BlockingPoolState {
    /** Tasks that sleep in blocking sections during the trial. */
    @Param({"2"})
    public int blockers;

    /** How long each blocker sleeps per section, in milliseconds. */
    @Param({"10"})
    public int sleepMillis;

    private volatile boolean running;
    private CountDownLatch blockersDone;
    private Runnable shortTask;

    @Override
    protected void prepare() {
        final var done = completion;
        shortTask = done::countDown;
        running = true;
        blockersDone = new CountDownLatch(blockers);
        for (int i = 0; i < blockers; i++) {
            pool.execute(new Blocker());
        }
    }

    @Override
    protected void release() throws InterruptedException {
        running = false;
        if (!blockersDone.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("blockers did not stop within 30 s: "
                    + blockersDone.getCount() + " left");
        }
    }

    /** One operation: submit one empty task from outside the pool and wait until it has run. */
    @Benchmark
    public void shortTaskRoundTrip() {
        completion.arm(1);
        pool.execute(shortTask);
        completion.await();
    }

    /** Sleeps in a blocking section, then re-submits itself until the trial ends. */
    private final class Blocker implements Runnable {
        private final long sleep = sleepMillis;

        @Override
        public void run() {
            if (!running) {
                blockersDone.countDown();
                return;
            }
            try {
                Section.run(kind, () -> {
                    Thread.sleep(sleep);
                    return null;
                });
            } catch (InterruptedException e) {
                blockersDone.countDown();
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                blockersDone.countDown();
                throw new IllegalStateException(e);
            }
            pool.execute(this);
        }
    }
}
