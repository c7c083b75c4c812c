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

package io.tidepool.internal.worker;

import io.tidepool.Park;
import io.tidepool.internal.task.TaskDecoration;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * Validated settings of a pool, as the public builder hands them to the internals.
 *
 * @param poolSize number of workers, 1..32768
 * @param name pool name, used in thread names and messages
 * @param stackSize thread stack size, 0 for the platform default
 * @param daemon whether worker threads are daemons
 * @param afterStart run on each worker thread before it takes tasks, or null
 * @param beforeStop run on each worker thread after its last task, or null
 * @param aroundWorker wraps each worker's run loop: called with the worker's public handle and
 *     the loop, which it must run on the calling thread; or null
 * @param uncaughtExceptionHandler receives exceptions thrown by tasks, or null for the thread's
 * @param parkFactory creates the park of each worker from its index
 * @param maxBlocking the most blocking sections handed off at once
 * @param keepAliveNanos how long an idle backup thread (or spawnBlocking thread) waits before
 *     exiting
 * @param blockingThreads the most spawnBlocking threads alive at once
 * @param blockingQueueCapacity the most spawnBlocking jobs queued (0: none, hand-over only)
 * @param detectBlockingNanos the stuck-worker detector's threshold, 0 when detection is off
 * @param decoration the task decorator and context propagator, or null when neither is set
 * @param maxQueued the most tasks from outside the pool waiting in the inboxes (and, in
 *     pinned-core mode, the most messages waiting for each core); {@link #UNBOUNDED} for no bound
 * @param overflow what a submission that found no room does, or null to throw (see
 *     {@link Overflow})
 */
public record PoolConfig(
        int poolSize,
        String name,
        long stackSize,
        boolean daemon,
        Runnable afterStart,
        Runnable beforeStop,
        BiConsumer<Object, Runnable> aroundWorker,
        Thread.UncaughtExceptionHandler uncaughtExceptionHandler,
        IntFunction<? extends Park> parkFactory,
        int maxBlocking,
        long keepAliveNanos,
        int blockingThreads,
        int blockingQueueCapacity,
        long detectBlockingNanos,
        TaskDecoration decoration,
        int maxQueued,
        Overflow overflow) {

    /** {@link #maxQueued}: no bound (the default). */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    /**
     * Settings without task decoration.
     *
     * @param poolSize as the canonical constructor
     * @param name as the canonical constructor
     * @param stackSize as the canonical constructor
     * @param daemon as the canonical constructor
     * @param afterStart as the canonical constructor
     * @param beforeStop as the canonical constructor
     * @param aroundWorker as the canonical constructor
     * @param uncaughtExceptionHandler as the canonical constructor
     * @param parkFactory as the canonical constructor
     * @param maxBlocking as the canonical constructor
     * @param keepAliveNanos as the canonical constructor
     * @param blockingThreads as the canonical constructor
     * @param blockingQueueCapacity as the canonical constructor
     * @param detectBlockingNanos as the canonical constructor
     */
    public PoolConfig(int poolSize, String name, long stackSize, boolean daemon, Runnable afterStart,
            Runnable beforeStop, BiConsumer<Object, Runnable> aroundWorker,
            Thread.UncaughtExceptionHandler uncaughtExceptionHandler,
            IntFunction<? extends Park> parkFactory, int maxBlocking, long keepAliveNanos,
            int blockingThreads, int blockingQueueCapacity, long detectBlockingNanos) {
        this(poolSize, name, stackSize, daemon, afterStart, beforeStop, aroundWorker,
                uncaughtExceptionHandler, parkFactory, maxBlocking, keepAliveNanos, blockingThreads,
                blockingQueueCapacity, detectBlockingNanos, null, UNBOUNDED, null);
    }

    /** {@return whether {@link #maxQueued} bounds the submissions from outside the pool} */
    public boolean bounded() {
        return maxQueued != UNBOUNDED;
    }

    /**
     * {@return the prefix of the pool's thread names: the name without its trailing dashes, so
     * that {@code "io-"} gives {@code io-worker-0}, not {@code io--worker-0}}
     */
    public String threadNamePrefix() {
        int end = name.length();
        while (end > 1 && name.charAt(end - 1) == '-') {
            end--;
        }
        return name.substring(0, end);
    }

    /**
     * {@return the name of a thread while it runs worker {@code index}}
     *
     * @param index the worker's index
     */
    public String workerThreadName(int index) {
        return threadNamePrefix() + "-worker-" + index;
    }
}
