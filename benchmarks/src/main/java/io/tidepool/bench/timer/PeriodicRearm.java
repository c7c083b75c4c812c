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

package io.tidepool.bench.timer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
 * The allocation of one periodic re-arm: a fixed-rate task every {@link #periodMicros} counts its
 * runs, and one operation waits for {@value #RUNS} more. The score, runs/s, only shows that the
 * period was kept (about 10^6 / {@code periodMicros}); the figure of interest is
 * {@code gc.alloc.rate.norm} under {@code -prof gc}: bytes per run, over every thread in the JVM
 * (the waiting benchmark thread allocates nothing), so the re-arm's cost with the firing and the
 * facility's sleeping between runs. The goal of issue 17 is 0 B per re-arm; {@link RearmControl}
 * shows the harness's own allocation at the same operation rate, the floor under that figure.
 *
 * <p>The executors use {@code scheduleAtFixedRate}; Netty's wheel re-arms from inside the task
 * with a new timeout (see {@link NettyTimers}). The {@code netty} kind's 100 ms tick cannot keep
 * a 1 ms period, so it is not in the default list; {@code netty-1ms} is.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PeriodicRearm {
    /** Runs per operation. */
    public static final int RUNS = 20;

    /** Which timer facility, a {@link TimerKind} name. */
    @Param({"tidepool", "stpe", "forkjoin", "forkjoin-common", "netty-1ms"})
    public String timer;

    /** Threads of the facility, where it takes a count (see {@link TimerKind}). */
    @Param({"2"})
    public int workers;

    /** The period of the task, in microseconds. */
    @Param({"1000"})
    public long periodMicros;

    /** How long one operation may take before the benchmark fails. */
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final AtomicLong runs = new AtomicLong();
    // the run count that ends the current operation; the run that reaches it unparks the waiter
    private volatile long target = Long.MAX_VALUE;
    private volatile Thread waiter;
    private Timers timers;
    private Object periodic;

    /**
     * Creates the facility and starts the periodic task. JMH runs the trial's tear-down inside
     * the last measured iteration, so a throwaway facility of the same kind runs a periodic task
     * and closes here first: the classes of stopping a task and closing a facility are loaded
     * before the measurement, not counted in its last iteration.
     */
    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        if (periodMicros < 1) {
            throw new IllegalArgumentException("periodMicros must be >= 1: " + periodMicros);
        }
        final Timers throwaway = TimerKind.of(timer).create(workers);
        try {
            throwaway.stopPeriodic(throwaway.startPeriodic(new Fire() {
                @Override
                public void run() {}
            }, TimeUnit.MICROSECONDS.toNanos(periodMicros)));
        } finally {
            throwaway.close();
        }
        timers = TimerKind.of(timer).create(workers);
        periodic = timers.startPeriodic(new Fire() {
            @Override
            public void run() {
                if (runs.incrementAndGet() == target) {
                    LockSupport.unpark(waiter);
                }
            }
        }, TimeUnit.MICROSECONDS.toNanos(periodMicros));
    }

    /** Stops the task and closes the facility. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        try {
            timers.stopPeriodic(periodic);
        } finally {
            timers.close();
        }
    }

    /** Waits for {@value #RUNS} runs of the periodic task. */
    @Benchmark
    @OperationsPerInvocation(RUNS)
    public void rearm() {
        waiter = Thread.currentThread();
        final long end = runs.get() + RUNS;
        target = end;
        final long deadline = System.nanoTime() + TIMEOUT_NANOS;
        // a bounded park: a run that passed the target before it was set costs at most 1 ms
        while (runs.get() < end) {
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(timer + ": " + (end - runs.get()) + " of " + RUNS
                        + " periodic runs missing after 120 s");
            }
            LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(1)));
        }
    }
}
