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
 * tokio's {@code ping_pong}: a root task spawns {@value #PAIRS} pings; each ping spawns a pong,
 * and the pong signals back by spawning the ping's reply, which counts the pair done.
 *
 * <p>In tokio the signal back is a oneshot channel that wakes the ping; with plain
 * {@code Runnable}s the message is the submission itself, so a pair is
 * {@value #TASKS_PER_PAIR} tasks, each spawned from a worker. Measures local spawning with many
 * short chains in flight, and stealing between them. The tasks are shared stateless
 * {@code Runnable}s, so the allocation reported is the executor's own. Score: pairs/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PingPong extends PoolState {
    /** Pairs per operation. */
    public static final int PAIRS = 1_000;

    /** Tasks run per pair: ping, pong, reply. */
    public static final int TASKS_PER_PAIR = 3;

    private Runnable root;

    @Override
    protected void prepare() {
        final ExecutorService executor = pool;
        final Completion done = completion;
        final Runnable reply = done::countDown;
        final Runnable pong = () -> executor.execute(reply);
        final Runnable ping = () -> executor.execute(pong);
        root = () -> {
            for (int i = 0; i < PAIRS; i++) {
                executor.execute(ping);
            }
        };
    }

    /** One operation: {@value #PAIRS} ping-pong exchanges, all in flight at once. */
    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public void pingPong() {
        completion.arm(PAIRS);
        pool.execute(root);
        completion.await();
    }
}
