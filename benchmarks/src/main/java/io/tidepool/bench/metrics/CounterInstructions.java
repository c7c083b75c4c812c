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

package io.tidepool.bench.metrics;

import io.tidepool.PoolMetrics;
import io.tidepool.ThreadPool;
import io.tidepool.ThreadPoolBuilder;
import io.tidepool.bench.scheduler.Completion;
import io.tidepool.internal.metrics.WorkerStats;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code spawn_many_local} a fixed number of times, for counting instructions under
 * {@code valgrind --tool=cachegrind} (this VM exposes no hardware counters to {@code perf}).
 * Timing on a shared 2-CPU machine cannot resolve a 3% difference; an instruction count can,
 * because it does not depend on what else runs on the machine.
 *
 * <p>One run executes {@code warmup} rounds (so that the JIT has compiled the task path), then
 * {@code rounds} more; each round is one task that spawns {@value #TASKS} empty tasks (or the
 * optional fifth argument's number) on the
 * pool, and the main thread waits for all of them, as in {@code SpawnManyLocal}. The instruction
 * count of a whole JVM includes start-up, class loading and JIT compilation; the script
 * {@code benchmarks/counter-instructions.sh} runs the same warm-up with two round counts and takes
 * the difference, which leaves the instructions of the extra rounds only:
 * {@code (I(rounds2) - I(rounds1)) / ((rounds2 - rounds1) * TASKS)} per task. What a round
 * costs besides its tasks (the worker's spin and park between rounds, whose length depends on
 * how valgrind schedules the two threads) varies from run to run; larger rounds dilute it
 * (with 10,000 tasks a round, repeated runs of one jar differed by up to 8 instructions per
 * task; with 100,000, by 2).
 *
 * <p>Counters off: the JVM is started with {@code -D}{@value WorkerStats#NO_COUNTERS_PROPERTY}
 * {@code =true}, an internal switch read into a {@code static final} (folded by the JIT), so
 * "off" is the same build with every counter update compiled out. The run prints the pool's poll
 * count so the log shows which mode ran (0 with the counters off).
 *
 * <p>Usage: {@code CounterInstructions <poolSize> <warmupRounds> <rounds> [counters|histogram|latency]}.
 */
public final class CounterInstructions {
    /** Tasks spawned per round, as in {@code SpawnManyLocal}. */
    public static final int TASKS = 10_000;

    private CounterInstructions() {}

    /**
     * Runs the rounds and prints a one-line summary.
     *
     * @param args pool size, warm-up rounds, measured rounds, optional metrics setting
     * @throws InterruptedException if interrupted while waiting for termination
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            throw new IllegalArgumentException(
                    "usage: CounterInstructions <poolSize> <warmupRounds> <rounds> [counters|histogram|latency [tasksPerRound]]");
        }
        final int poolSize = Integer.parseInt(args[0]);
        final int warmup = Integer.parseInt(args[1]);
        final int rounds = Integer.parseInt(args[2]);
        final String setting = args.length > 3 ? args[3] : "counters";
        final int tasks = args.length > 4 ? Integer.parseInt(args[4]) : TASKS;
        final ThreadPoolBuilder b = ThreadPool.builder().poolSize(poolSize).namePrefix("instructions");
        switch (setting) {
            case "counters":
                break;
            case "histogram":
                b.pollTimeHistogram(true);
                break;
            case "latency":
                b.scheduleLatencyHistogram(true);
                break;
            default:
                throw new IllegalArgumentException("unknown setting: " + setting);
        }
        final ThreadPool pool = b.build();
        final Completion done = new Completion();
        final Runnable task = done::countDown;
        final Runnable spawner = () -> {
            for (int i = 0; i < tasks; i++) {
                pool.execute(task);
            }
        };
        final long start = System.nanoTime();
        for (int r = 0; r < warmup + rounds; r++) {
            if (r == warmup) {
                // marks, in a -XX:+PrintCompilation log, the compilations made while measuring
                System.out.println("measuring");
            }
            done.arm(tasks);
            pool.execute(spawner);
            done.await();
        }
        final long elapsed = System.nanoTime() - start;
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pool did not terminate: " + pool);
        }
        final PoolMetrics m = pool.metrics();
        System.out.println("setting=" + setting
                + " counters=" + (Boolean.getBoolean(WorkerStats.NO_COUNTERS_PROPERTY) ? "off" : "on")
                + " poolSize=" + poolSize + " warmup=" + warmup + " rounds=" + rounds
                + " tasks=" + (long) (warmup + rounds) * (tasks + 1)
                + " polls=" + m.pollCount() + " elapsed=" + Duration.ofNanos(elapsed));
    }
}
