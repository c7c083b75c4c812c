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
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * tokio's {@code chained_spawn}: a chain of {@value #DEPTH} tasks in which each task spawns the
 * next; the benchmark thread submits the first and waits for the last.
 *
 * <p>Only one task exists at any time, so this measures the latency of one local spawn + pick
 * up, and whether the pool needlessly wakes (and then loses work to) other workers. The chain
 * reuses one {@code Runnable} (the executor's hand-off orders its plain counter), so the
 * allocation reported is the executor's own. Score: tasks/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ChainedSpawn extends PoolState {
    /** Tasks in the chain, one operation. */
    public static final int DEPTH = 1_000;

    private Chain chain;

    @Override
    protected void prepare() {
        chain = new Chain(pool, completion);
    }

    /** One operation: run a chain of {@value #DEPTH} tasks, each spawning the next. */
    @Benchmark
    @OperationsPerInvocation(DEPTH)
    public void chainedSpawn() {
        chain.start(DEPTH);
        completion.await();
    }
}
