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

package io.tidepool.bench.pinned;

import io.tidepool.ThreadPool;
import io.tidepool.pinned.CoreExecutor;
import io.tidepool.pinned.CpuSet;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BusySpinIdleStrategy;
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
 * Cost of one reactor loop turn with {@code pollers} no-op pollers (interval 0, so each is
 * called on every turn) on a busy-spinning core: score is nanoseconds per turn. A counting
 * poller (not included in {@code pollers}) counts {@value #TURNS} turns per operation; the
 * difference between {@code pollers=0} and the others is the cost of that many extra poller
 * calls (a volatile state read and the call; interval-0 pollers need no clock read).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class PollerOverhead {
    /** Turns per operation. */
    public static final int TURNS = 10_000;

    /** No-op pollers on the core besides the counting one. */
    @Param({"0", "1", "10", "100"})
    public int pollers;

    private ThreadPool pool;
    private CoreExecutor core;
    /** Reactor-only: turns left in the current operation, and its latch. */
    private int left;
    private CountDownLatch done;

    /** Builds a one-core pinned pool with the pollers. */
    @Setup(Level.Trial)
    public void setUp() {
        final CpuSet allowed = CpuSet.allowed();
        final int cpu = allowed.cpu(allowed.size() - 1);
        pool = ThreadPool.builder().pinnedCores(CpuSet.of(cpu))
                .idleStrategy(BusySpinIdleStrategy::new).build();
        core = pool.core(cpu);
        for (int i = 0; i < pollers; i++) {
            core.poller("noop-" + i, Duration.ZERO, () -> 0);
        }
        core.poller("count", Duration.ZERO, () -> {
            if (left > 0 && --left == 0) {
                done.countDown();
            }
            return 0;
        });
    }

    /** One operation: {@value #TURNS} loop turns. */
    @Benchmark
    @OperationsPerInvocation(TURNS)
    public void turns() throws InterruptedException {
        final CountDownLatch l = new CountDownLatch(1);
        // a message sets the count on the core itself: the counters stay reactor-only
        core.execute(() -> {
            done = l;
            left = TURNS;
        });
        if (!l.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("turns did not complete in 60 s");
        }
    }

    /** Stops the pool. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        pool.shutdownNow();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pool did not terminate within 30 s");
        }
    }
}
