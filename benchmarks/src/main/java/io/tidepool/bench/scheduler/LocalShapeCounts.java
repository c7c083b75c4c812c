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

import io.tidepool.PoolMetrics;
import io.tidepool.ThreadPool;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The local shapes ({@code chained_spawn}, {@code spawn_many_local}) a fixed number of times,
 * for counting rather than timing: instructions under valgrind
 * ({@code benchmarks/scripts/local-instructions.sh}), system calls under {@code strace -c}, and
 * the pool's own counts (parks, steals) printed per task. A count does not depend on what else
 * runs on the machine; a time does.
 *
 * <p>A round is one operation of the JMH benchmark: {@code chained}, a chain of
 * {@value ChainedSpawn#DEPTH} tasks each spawning the next; {@code local}, one task spawning
 * {@value SpawnManyLocal#TASKS}. The main thread waits for the round's end each time. The
 * counts printed cover the measured rounds only (taken after the warm-up rounds).
 *
 * <p>{@code chained} takes an optional sixth argument, the length of each measured round's chain
 * (the warm-up rounds keep {@value ChainedSpawn#DEPTH}): two runs with the same rounds and two
 * lengths differ by the steady per-task path only, without what a round costs besides its tasks
 * (the main thread's wake, the workers' idle spells between rounds).
 *
 * <p>Usage: {@code LocalShapeCounts <executor> <chained|local> <poolSize> <warmupRounds> <rounds>
 * [chainLength]}, executor as in the JMH {@code executor} parameter.
 */
public final class LocalShapeCounts {
    private LocalShapeCounts() {}

    /**
     * Runs the rounds and prints a one-line summary.
     *
     * @param args executor, shape, pool size, warm-up rounds, measured rounds
     * @throws InterruptedException if interrupted while waiting for termination
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 5 && args.length != 6) {
            throw new IllegalArgumentException("usage: LocalShapeCounts <executor> <chained|local>"
                    + " <poolSize> <warmupRounds> <rounds> [chainLength]");
        }
        final ExecutorKind kind = ExecutorKind.of(args[0]);
        final String shape = args[1];
        final int tasksPerRound = switch (shape) {
            case "chained" -> args.length == 6 ? Integer.parseInt(args[5]) : ChainedSpawn.DEPTH;
            case "local" -> SpawnManyLocal.TASKS;
            default -> throw new IllegalArgumentException("shape must be chained or local: " + shape);
        };
        if (args.length == 6 && !shape.equals("chained")) {
            throw new IllegalArgumentException("a chain length needs shape chained: " + shape);
        }
        final int poolSize = Integer.parseInt(args[2]);
        final int warmup = Integer.parseInt(args[3]);
        final int rounds = Integer.parseInt(args[4]);
        final ExecutorService pool = kind.create(poolSize);
        final Completion done = new Completion();
        final Chain chain = new Chain(pool, done);
        final Runnable spawner = SpawnManyLocal.spawner(pool, done);
        final boolean chained = shape.equals("chained");
        Snapshot before = null;
        for (int r = 0; r < warmup + rounds; r++) {
            if (r == warmup) {
                // marks, in a -XX:+PrintCompilation log, the compilations made while measuring
                System.out.println("measuring");
                before = Snapshot.of(pool);
            }
            round(chained, r < warmup ? ChainedSpawn.DEPTH : tasksPerRound, chain, spawner, pool, done);
        }
        final Snapshot after = Snapshot.of(pool);
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pool did not terminate: " + pool);
        }
        final double tasks = (double) rounds * tasksPerRound;
        System.out.printf("executor=%s shape=%s poolSize=%d warmup=%d rounds=%d tasks=%d"
                        + " parks/task=%.4f steals/task=%.4f stealOps/task=%.4f%n",
                args[0], shape, poolSize, warmup, rounds, (long) tasks,
                (after.parks - before.parks) / tasks, (after.steals - before.steals) / tasks,
                (after.stealOps - before.stealOps) / tasks);
    }

    /**
     * One operation, in a method of its own so that HotSpot compiles it as a whole, as JMH's
     * benchmark method (see {@code RemoteSubmitInstructions.submitAll}).
     */
    private static void round(boolean chained, int length, Chain chain, Runnable spawner,
            ExecutorService pool, Completion done) {
        if (chained) {
            chain.start(length);
        } else {
            done.arm(SpawnManyLocal.TASKS);
            pool.execute(spawner);
        }
        done.await();
    }

    /** The pool's counts at one moment; -1 where the executor has no such count. */
    private record Snapshot(long parks, long steals, long stealOps) {
        static Snapshot of(ExecutorService pool) {
            if (pool instanceof ThreadPool tp) {
                final PoolMetrics m = tp.metrics();
                return new Snapshot(m.parkCount(), m.stealCount(), m.stealOperations());
            }
            if (pool instanceof ForkJoinPool fjp) {
                return new Snapshot(-1, fjp.getStealCount(), -1);
            }
            return new Snapshot(-1, -1, -1);
        }
    }
}
