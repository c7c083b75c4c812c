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

package io.tidepool.bench.report;

import io.tidepool.bench.blocking.CpuBound;
import io.tidepool.bench.scheduler.BurstAfterIdle;
import io.tidepool.bench.scheduler.ChainedSpawn;
import io.tidepool.bench.scheduler.PingPong;
import io.tidepool.bench.scheduler.RemoteSpawnContention;
import io.tidepool.bench.scheduler.SpawnManyLocal;
import io.tidepool.bench.scheduler.SpawnManyRemote;
import io.tidepool.bench.scheduler.SpawnManyRemoteBusy;
import io.tidepool.bench.scheduler.YieldMany;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The scheduler benchmarks the runner knows, by tokio's names, with what one scored operation
 * is and how many tasks it runs.
 *
 * <p>Every benchmark uses {@code @OperationsPerInvocation}, so a JMH score is already per task
 * (per pair for {@link #PING_PONG}, per yield for {@link #YIELD_MANY}), and so is JMH's
 * {@code gc.alloc.rate.norm}; {@link #tasksPerScoredOp} converts that to bytes per task.
 */
public enum Shape {
    /** 10,000 tasks submitted from outside an idle pool. */
    SPAWN_MANY_REMOTE(SpawnManyRemote.class, "spawnManyRemote", "tasks/s", 1),
    /** 10,000 tasks spawned from inside one task on the pool. */
    SPAWN_MANY_LOCAL(SpawnManyLocal.class, "spawnManyLocal", "tasks/s", 1),
    /** 10,000 tasks submitted from outside while the workers are busy with re-submitting stalls. */
    SPAWN_MANY_REMOTE_BUSY(SpawnManyRemoteBusy.class, "spawnManyRemoteBusy", "tasks/s", 1),
    /** 12,800 tasks submitted from 1..8 threads outside the pool at once. */
    REMOTE_SPAWN_CONTENTION(RemoteSpawnContention.class, "remoteSpawnContention", "tasks/s", 1),
    /** A chain of 1,000 tasks, each spawning the next. */
    CHAINED_SPAWN(ChainedSpawn.class, "chainedSpawn", "tasks/s", 1),
    /** 1,000 ping-pong pairs, three tasks each. */
    PING_PONG(PingPong.class, "pingPong", "pairs/s", PingPong.TASKS_PER_PAIR),
    /** 200 tasks x 1,000 yields. */
    YIELD_MANY(YieldMany.class, "yieldMany", "yields/s", 1),
    /**
     * 1,000 tasks, each running a short computation inside the executor's blocking section
     * (tokio-threadpool's {@code blocking.rs} {@code cpu_bound}); ForkJoinPool uses
     * {@code managedBlock}, ThreadPoolExecutor runs it inline (it has no blocking section).
     */
    BLOCKING_CPU_BOUND(CpuBound.class, "blockingSection", "tasks/s", 1,
            List.of("tidepool", "forkjoin", "threadpool")),
    /**
     * A pool idle for a gap (50 µs to 5 ms), then a chain of 1 or 100 tasks: submit-to-done
     * latency in microseconds, sampled per burst (p50, p99, p99.9). The only latency shape.
     */
    BURST_AFTER_IDLE(BurstAfterIdle.class, "burstAfterIdle", "µs/burst", 1,
            List.of("tidepool", "forkjoin", "forkjoin-async", "threadpool"));

    private final Class<?> benchmarkClass;
    private final String method;
    private final String unit;
    private final int tasksPerScoredOp;
    /** The executors the benchmark's {@code executor} parameter accepts, or null for all. */
    private final List<String> executors;

    Shape(Class<?> benchmarkClass, String method, String unit, int tasksPerScoredOp) {
        this(benchmarkClass, method, unit, tasksPerScoredOp, null);
    }

    Shape(Class<?> benchmarkClass, String method, String unit, int tasksPerScoredOp,
            List<String> executors) {
        this.benchmarkClass = benchmarkClass;
        this.method = method;
        this.unit = unit;
        this.tasksPerScoredOp = tasksPerScoredOp;
        this.executors = executors;
    }

    /**
     * Whether the benchmark can run on {@code executor} (a {@code @Param} value such as
     * {@code forkjoin-async}); a blocking section has no meaning on virtual threads, for one.
     */
    public boolean supports(String executor) {
        return executors == null || executors.contains(executor);
    }

    /** tokio's name, e.g. {@code spawn_many_remote}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The JMH include pattern that selects exactly this benchmark method. */
    public String includePattern() {
        return "^" + Pattern.quote(benchmarkClass.getName() + "." + method) + "$";
    }

    /** What the score counts per second: tasks/s, pairs/s or yields/s. */
    public String unit() {
        return unit;
    }

    /** Tasks run per scored operation; divides {@code gc.alloc.rate.norm} into bytes per task. */
    public int tasksPerScoredOp() {
        return tasksPerScoredOp;
    }

    /** Whether the score is a latency (lower is better, percentiles) rather than a throughput. */
    public boolean isLatency() {
        return this == BURST_AFTER_IDLE;
    }

    /**
     * Whether the shape has the {@code profile} parameter's polluted variant worth running: the
     * tokio throughput shapes (not the busy shape, whose peers starve, nor the blocking one).
     */
    public boolean isPollutable() {
        return !isLatency() && this != SPAWN_MANY_REMOTE_BUSY && this != BLOCKING_CPU_BOUND;
    }

    /** Whether the shape has the {@code submitters} parameter. */
    public boolean hasSubmitters() {
        return this == REMOTE_SPAWN_CONTENTION;
    }

    /**
     * The shape labelled {@code label} (tokio's name; case and '-'/'_' are not significant).
     *
     * @throws IllegalArgumentException if there is none
     */
    public static Shape of(String label) {
        final String wanted = label.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Shape s : values()) {
            if (s.label().equals(wanted)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown shape: " + label);
    }
}
