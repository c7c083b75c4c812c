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
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The control for {@link PeriodicRearm}: the same operation rate with no timer facility, the
 * benchmark thread parking one period per "run". Its {@code gc.alloc.rate.norm} is what the JMH
 * harness and the JVM allocate per operation at about 10^6 / {@code periodMicros} operations per
 * second, the floor under every {@code PeriodicRearm} figure: a re-arm that allocates nothing
 * shows this figure, not zero.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RearmControl {
    /** The period parked per run, in microseconds; as {@link PeriodicRearm#periodMicros}. */
    @Param({"1000"})
    public long periodMicros;

    /** {@value PeriodicRearm#RUNS} periods parked to fixed-rate deadlines. */
    @Benchmark
    @OperationsPerInvocation(PeriodicRearm.RUNS)
    public void park() {
        final long period = TimeUnit.MICROSECONDS.toNanos(periodMicros);
        long deadline = System.nanoTime();
        for (int i = 0; i < PeriodicRearm.RUNS; i++) {
            deadline += period;
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
            }
        }
    }
}
