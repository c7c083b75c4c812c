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

import io.tidepool.ThreadPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer facilities under comparison, by the name used in the {@code timer} JMH parameter
 * and the {@code --timers} option of the standalone programs.
 *
 * <p>{@code workers} threads for tidepool, both {@code stpe} kinds and {@code forkjoin}; the
 * common pool has the JDK's own parallelism (CPUs - 1) and a Netty wheel one worker thread.
 * The {@code forkjoin} kinds need JDK 25, where {@link ForkJoinPool} became a
 * {@link ScheduledExecutorService}; this module compiles with {@code --release 17}, so the kind
 * checks the running JVM and reports itself unavailable on an older one.
 */
public enum TimerKind {
    /** {@code ThreadPool.builder().poolSize(workers).build()} as a {@link ScheduledExecutorService}. */
    TIDEPOOL("tidepool"),
    /**
     * {@code new ScheduledThreadPoolExecutor(workers)} as constructed: a cancelled task stays in
     * the queue until its deadline.
     */
    STPE("stpe"),
    /** The same with {@code setRemoveOnCancelPolicy(true)}: cancel removes the task from the queue. */
    STPE_REMOVE("stpe-remove"),
    /** {@code new ForkJoinPool(workers)}; JDK 25+. */
    FORKJOIN("forkjoin"),
    /** {@code ForkJoinPool.commonPool()}; JDK 25+; never shut down. */
    FORKJOIN_COMMON("forkjoin-common"),
    /** {@code new HashedWheelTimer()}'s settings: a 100 ms tick, 512 ticks per wheel. */
    NETTY("netty"),
    /** {@code HashedWheelTimer} with a 1 ms tick, 512 ticks per wheel. */
    NETTY_1MS("netty-1ms");

    /** The first JDK feature release whose {@link ForkJoinPool} schedules. */
    public static final int FORKJOIN_MIN_JDK = 25;

    private final String paramName;

    TimerKind(String paramName) {
        this.paramName = paramName;
    }

    /** {@return the name that selects this kind} */
    public String paramName() {
        return paramName;
    }

    /** {@return null if this kind runs on this JVM and build, else why not} */
    public String unavailableReason() {
        switch (this) {
            case FORKJOIN:
            case FORKJOIN_COMMON:
                if (Runtime.version().feature() < FORKJOIN_MIN_JDK
                        || !ScheduledExecutorService.class.isAssignableFrom(ForkJoinPool.class)) {
                    return "ForkJoinPool schedules from JDK " + FORKJOIN_MIN_JDK + ", this is JDK "
                            + Runtime.version().feature();
                }
                return null;
            default:
                return null;
        }
    }

    /**
     * A new facility of this kind.
     *
     * @param workers threads, where the kind takes a thread count (see the class doc)
     * @throws UnsupportedOperationException if {@link #unavailableReason()} is not null
     */
    public Timers create(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1: " + workers);
        }
        final String reason = unavailableReason();
        if (reason != null) {
            throw new UnsupportedOperationException("timer=" + paramName + ": " + reason);
        }
        switch (this) {
            case TIDEPOOL:
                return new SesTimers(this, ThreadPool.builder().poolSize(workers)
                        .namePrefix("tidepool-timer-bench").build(), true);
            case STPE:
                return new SesTimers(this, new ScheduledThreadPoolExecutor(workers), true);
            case STPE_REMOVE: {
                final ScheduledThreadPoolExecutor stpe = new ScheduledThreadPoolExecutor(workers);
                stpe.setRemoveOnCancelPolicy(true);
                return new SesTimers(this, stpe, true);
            }
            case FORKJOIN:
                return new SesTimers(this, asScheduled(new ForkJoinPool(workers)), true);
            case FORKJOIN_COMMON:
                return new SesTimers(this, asScheduled(ForkJoinPool.commonPool()), false);
            case NETTY:
                return new NettyTimers(this, TimeUnit.MILLISECONDS.toNanos(100), 512);
            case NETTY_1MS:
                return new NettyTimers(this, TimeUnit.MILLISECONDS.toNanos(1), 512);
            default:
                throw new AssertionError(this);
        }
    }

    // through Object: compiled with --release 17, ForkJoinPool is not statically one
    private static ScheduledExecutorService asScheduled(Object executor) {
        return (ScheduledExecutorService) executor;
    }

    /**
     * The kind named {@code name}.
     *
     * @throws IllegalArgumentException if no kind has that name
     */
    public static TimerKind of(String name) {
        for (TimerKind kind : values()) {
            if (kind.paramName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown timer: " + name + " (expected one of " + names() + ")");
    }

    /** {@return the kinds named in a comma-separated list} */
    public static List<TimerKind> parse(String commaSeparated) {
        final List<TimerKind> kinds = new ArrayList<>();
        for (String name : commaSeparated.split(",")) {
            kinds.add(of(name));
        }
        return kinds;
    }

    private static String names() {
        final List<String> names = new ArrayList<>();
        for (TimerKind kind : values()) {
            names.add(kind.paramName);
        }
        return String.join(", ", names);
    }
}
