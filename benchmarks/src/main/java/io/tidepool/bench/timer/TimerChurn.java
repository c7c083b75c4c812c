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

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Timer churn, what request timeouts do: arm a timeout of a random 1-10 s and cancel it before
 * it fires, from threads outside the timer facility. One operation is one schedule and its
 * cancel; {@code scheduleCancel1} runs it from one JMH thread, {@code scheduleCancel4} from four
 * at once, against one shared facility. With {@code -prof gc}, {@code gc.alloc.rate.norm} is the
 * allocation per schedule, counted over every thread in the JVM (the facility's workers too).
 *
 * <p>The handle is returned to JMH, so it escapes as it does when a request keeps it to cancel
 * later. Every cancel must succeed (with at least 1 s to go, none may lose to its timer), and
 * no timer may fire during the trial; either failure fails the benchmark.
 *
 * <p>{@code stpe} is {@code ScheduledThreadPoolExecutor} as constructed, which keeps a cancelled
 * task in its queue until the deadline (so its queue holds every timer of the last 1-10 s);
 * {@code stpe-remove} removes it on cancel, as {@code ForkJoinPool} (JDK 25) always does. The
 * {@code netty} wheel moves at most 100,000 new timeouts per 100 ms tick into its buckets, so
 * above 10^6 schedules/s its queue of new timeouts grows during the run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TimerChurn {
    /** The shortest timeout. */
    static final long MIN_DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest timeout (exclusive). */
    static final long MAX_DELAY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Which timer facility, a {@link TimerKind} name. */
    @Param({"tidepool", "stpe", "stpe-remove", "forkjoin", "forkjoin-common", "netty", "netty-1ms"})
    public String timer;

    /** Threads of the facility, where it takes a count (see {@link TimerKind}). */
    @Param({"2"})
    public int workers;

    private final AtomicLong fired = new AtomicLong();
    private final Fire task = new Fire() {
        @Override
        public void run() {
            fired.incrementAndGet();
        }
    };
    private Timers timers;

    /** Creates the facility. */
    @Setup(Level.Trial)
    public void setUp() {
        timers = TimerKind.of(timer).create(workers);
    }

    /** Closes the facility; fails the trial if a cancelled timer ran. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        try {
            if (fired.get() != 0) {
                throw new IllegalStateException(timer + ": " + fired.get()
                        + " timers fired although every cancel returned true");
            }
        } finally {
            timers.close();
        }
    }

    /** One schedule and its cancel, from one thread. */
    @Benchmark
    @Threads(1)
    public Object scheduleCancel1() {
        return churn();
    }

    /** One schedule and its cancel, from each of four threads. */
    @Benchmark
    @Threads(4)
    public Object scheduleCancel4() {
        return churn();
    }

    private Object churn() {
        final long delay = MIN_DELAY_NANOS
                + ThreadLocalRandom.current().nextLong(MAX_DELAY_NANOS - MIN_DELAY_NANOS);
        final Timers t = timers;
        final Object handle = t.schedule(task, delay);
        if (!t.cancel(handle)) {
            throw new IllegalStateException(timer + ": cancel of a timer " + delay
                    + " ns out returned false");
        }
        return handle;
    }
}
