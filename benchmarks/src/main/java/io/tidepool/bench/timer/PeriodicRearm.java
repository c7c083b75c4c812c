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

import io.tidepool.bench.scheduler.Completion;
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
 * The allocation of one periodic re-arm: a fixed-rate task every {@link #periodMicros} counts
 * down, and one operation waits for {@value #RUNS} runs. The score, runs/s, only shows that the
 * period was kept (about 10^6 / {@code periodMicros}); the figure of interest is
 * {@code gc.alloc.rate.norm} under {@code -prof gc}: bytes per run, over every thread in the JVM
 * (the waiting benchmark thread allocates nothing), so the re-arm's cost with the firing and the
 * facility's sleeping between runs. The goal of issue 17 is 0 B per re-arm.
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

    private final Completion completion = new Completion();
    private Timers timers;
    private Object periodic;

    /** Creates the facility and starts the periodic task. */
    @Setup(Level.Trial)
    public void setUp() {
        if (periodMicros < 1) {
            throw new IllegalArgumentException("periodMicros must be >= 1: " + periodMicros);
        }
        timers = TimerKind.of(timer).create(workers);
        final Completion done = completion;
        periodic = timers.startPeriodic(new Fire() {
            @Override
            public void run() {
                done.countDown();
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
        completion.arm(RUNS);
        completion.await();
    }
}
