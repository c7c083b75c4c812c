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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code burst_after_idle}: the pool is left idle for {@link #gapMicros}, then runs a chain of
 * {@link #chain} tasks in which each task submits the next from inside; the score is the time
 * from the first {@code execute} to the end of the chain, sampled per burst
 * ({@link Mode#SampleTime}: JMH reports p50, p90, p99, p99.9 and the mean).
 *
 * <p>The idle gap is an invocation-level set-up, so it is not timed: the benchmark thread waits
 * to a deadline with {@link LockSupport#parkNanos} in a loop (it never touches the pool, so
 * the workers see nothing for the whole gap and go through whatever they do when idle:
 * spinning, searching, parking). What is timed is what a service sees when a request arrives
 * between bursts: waking a worker, the worker picking the task up, and for a chain of 100 the
 * local spawn path while the second worker may or may not be woken.
 *
 * <p>The timed region ends when the benchmark thread returns from {@link Completion#await},
 * so every executor's figure includes one unpark of the benchmark thread by the last task
 * (the same mechanism for every executor). Score: microseconds per burst.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BurstAfterIdle extends PoolState {
    /** How long the pool is left idle before each burst, in microseconds. */
    @Param({"50", "500", "5000"})
    public int gapMicros;

    /** Tasks in one burst: the first is submitted from outside, each submits the next. */
    @Param({"1", "100"})
    public int chain;

    private Chain link;

    @Override
    protected void prepare() {
        if (gapMicros < 0) {
            throw new IllegalArgumentException("gapMicros must be >= 0: " + gapMicros);
        }
        if (chain < 1) {
            throw new IllegalArgumentException("chain must be >= 1: " + chain);
        }
        link = new Chain(pool, completion);
    }

    /** The idle gap before each burst: a precise wait on the benchmark thread, untimed. */
    @Setup(Level.Invocation)
    public void idle() {
        final long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(gapMicros);
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** One burst: submit the first task of the chain, wait until the last one has run. */
    @Benchmark
    public void burstAfterIdle() {
        link.start(chain);
        completion.await();
    }
}
