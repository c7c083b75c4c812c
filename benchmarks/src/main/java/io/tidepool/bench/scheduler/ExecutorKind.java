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

import io.tidepool.ThreadPool;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

/**
 * The executors under comparison, by the name used in the {@code executor} JMH parameter.
 *
 * <p>All of them get the same number of threads, {@code n}, except {@link #VIRTUAL}, whose
 * carrier pool is the JDK's shared virtual-thread scheduler; {@link #create} sets its
 * parallelism to {@code n} through {@code jdk.virtualThreadScheduler.parallelism} when the
 * property is not already set (it is read once, when the first virtual thread is created, so
 * it takes effect in a fresh JMH fork).
 */
public enum ExecutorKind {
    /** {@code ThreadPool.builder().poolSize(n).build()}. */
    TIDEPOOL("tidepool"),
    /** {@code new ForkJoinPool(n)}: LIFO local queues. */
    FORKJOIN("forkjoin"),
    /** {@code new ForkJoinPool(n, defaultFactory, null, true)}: FIFO local queues. */
    FORKJOIN_ASYNC("forkjoin-async"),
    /** {@code Executors.newFixedThreadPool(n)}: one shared blocking queue. */
    THREADPOOL("threadpool"),
    /** {@code Executors.newVirtualThreadPerTaskExecutor()}; JDK 21+ only. */
    VIRTUAL("virtual");

    /** The first JDK feature release with virtual threads out of preview. */
    public static final int VIRTUAL_MIN_JDK = 21;

    private static final String VT_PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

    private final String paramName;

    ExecutorKind(String paramName) {
        this.paramName = paramName;
    }

    /** The value of the {@code executor} JMH parameter that selects this kind. */
    public String paramName() {
        return paramName;
    }

    /** Whether this kind can run on the current JVM. */
    public boolean isAvailable() {
        return this != VIRTUAL || Runtime.version().feature() >= VIRTUAL_MIN_JDK;
    }

    /**
     * The kind named {@code name}.
     *
     * @throws IllegalArgumentException if no kind has that name
     */
    public static ExecutorKind of(String name) {
        for (ExecutorKind kind : values()) {
            if (kind.paramName.equals(name.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown executor: " + name
                + " (expected tidepool, forkjoin, forkjoin-async, threadpool or virtual)");
    }

    /**
     * A new executor of this kind with {@code n} threads.
     *
     * @throws UnsupportedOperationException for {@link #VIRTUAL} on a JDK older than 21
     */
    public ExecutorService create(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("poolSize must be >= 1: " + n);
        }
        switch (this) {
            case TIDEPOOL:
                return ThreadPool.builder().poolSize(n).namePrefix("tidepool-bench").build();
            case FORKJOIN:
                return new ForkJoinPool(n);
            case FORKJOIN_ASYNC:
                return new ForkJoinPool(n, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
            case THREADPOOL:
                return Executors.newFixedThreadPool(n);
            case VIRTUAL:
                return newVirtualThreadPerTaskExecutor(n);
            default:
                throw new AssertionError(this);
        }
    }

    private static ExecutorService newVirtualThreadPerTaskExecutor(int n) {
        if (!VIRTUAL.isAvailable()) {
            throw new UnsupportedOperationException("executor=virtual needs JDK "
                    + VIRTUAL_MIN_JDK + "+, this is JDK " + Runtime.version().feature()
                    + "; leave it out with -p executor=tidepool,forkjoin,forkjoin-async,threadpool");
        }
        if (System.getProperty(VT_PARALLELISM) == null) {
            System.setProperty(VT_PARALLELISM, Integer.toString(n));
        }
        try {
            // looked up reflectively so that the module compiles with --release 17
            MethodHandle factory = MethodHandles.publicLookup().findStatic(Executors.class,
                    "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
            return (ExecutorService) factory.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create a virtual-thread executor", e);
        }
    }
}
