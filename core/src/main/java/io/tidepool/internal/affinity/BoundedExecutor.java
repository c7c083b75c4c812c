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

package io.tidepool.internal.affinity;

import io.tidepool.pinned.CpuSet;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A bounded set of threads for blocking work: the pool's {@code spawnBlocking} threads and
 * pinned-core mode's unaffinitized threads (SPDK-RS's {@code spawn_unaffinitized}) are both one
 * of these, with their threads (and so their pinning) passed in.
 *
 * <p>A JDK {@link ThreadPoolExecutor}: up to {@code maxThreads} threads, started on demand (one
 * per job until {@code maxThreads} are alive, the executor's rule for core threads) and retired
 * after {@code keepAlive} idle, and a bounded FIFO queue (none with capacity 0: hand-over
 * only); a job that finds every thread busy and the queue full is refused with
 * {@link RejectedExecutionException}. A blocking job is a whole thread's worth of waiting, so
 * the executor's locking and per-job queue node cost nothing next to it, and its thread
 * management (keep-alive, interruption on {@code shutdownNow}) is well tested.
 *
 * <p>Thread-safe.
 */
public final class BoundedExecutor {
    private final String name;
    private final int maxThreads;
    private final int queueCapacity;
    private final ThreadPoolExecutor executor;

    /**
     * Creates the executor; no thread starts until the first job.
     *
     * @param name the executor's name, for messages
     * @param maxThreads the most threads, {@code >= 1}
     * @param queueCapacity the most queued jobs, {@code >= 0}
     * @param keepAliveNanos how long an idle thread lives
     * @param threads creates the threads (and sets up each one, pinning it for instance)
     * @param onTerminated run once the executor has terminated (after a shutdown, when its last
     *     thread exited)
     */
    public BoundedExecutor(String name, int maxThreads, int queueCapacity, long keepAliveNanos,
            ThreadFactory threads, Runnable onTerminated) {
        this.name = name;
        this.maxThreads = maxThreads;
        this.queueCapacity = queueCapacity;
        final BlockingQueue<Runnable> queue = queueCapacity == 0
                ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueCapacity);
        this.executor = new ThreadPoolExecutor(maxThreads, maxThreads, keepAliveNanos,
                TimeUnit.NANOSECONDS, queue, threads, new ThreadPoolExecutor.AbortPolicy()) {
            @Override
            protected void terminated() {
                onTerminated.run();
            }
        };
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Threads that pin themselves to {@code cpus} when they start (a thread inherits the
     * affinity of its creator, which may be a reactor), daemons named {@code name-N}.
     *
     * @param name prefix of the thread names
     * @param cpus the CPUs the threads are pinned to; not empty
     * @param backend pins the threads
     * @param onPinFailure receives the message of a failed pin (called on the new thread, which
     *     then runs unpinned)
     * @param loader the threads' context class loader (the pool creator's); they inherit no
     *     thread-locals from the caller that triggered their creation
     * @return the thread factory
     */
    public static ThreadFactory pinnedThreads(String name, CpuSet cpus, AffinityBackend backend,
            Consumer<String> onPinFailure, ClassLoader loader) {
        final AtomicInteger number = new AtomicInteger();
        return body -> {
            final Thread t = new Thread(null, () -> {
                try {
                    backend.pinCurrentThread(cpus);
                } catch (AffinityException | UncheckedIOException e) {
                    onPinFailure.accept(Thread.currentThread().getName() + ": " + e.getMessage());
                }
                body.run();
            }, name + "-" + number.incrementAndGet(), 0, false);
            t.setContextClassLoader(loader);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Runs {@code job} on one of the threads.
     *
     * @param job the job
     * @throws RejectedExecutionException if every thread is busy and the queue is full, or after
     *     shutdown ({@link #isShutdown()} tells which)
     */
    public void execute(Runnable job) {
        executor.execute(job);
    }

    /**
     * Runs {@code body} on one of the threads. Cancelling the returned future before the body
     * starts means it never runs; cancelling later does not interrupt it (the future completes
     * as cancelled and the result is dropped).
     *
     * @param <T> the result type
     * @param body the blocking work
     * @return a future completed with the body's result or exception
     * @throws RejectedExecutionException naming the executor and its bounds if every thread is
     *     busy and the queue is full, or after shutdown
     */
    public <T> CompletableFuture<T> submit(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        final CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(new Body<>(body, result));
        } catch (RejectedExecutionException e) {
            throw new RejectedExecutionException(executor.isShutdown()
                    ? name + " is shut down"
                    : name + " is full: " + maxThreads + " threads busy and "
                            + queueCapacity + " bodies queued", e);
        }
        return result;
    }

    /** A body of {@link #submit} and its future. */
    private static final class Body<T> implements Runnable {
        private final Callable<T> body;
        private final CompletableFuture<T> result;

        Body(Callable<T> body, CompletableFuture<T> result) {
            this.body = body;
            this.result = result;
        }

        @Override
        public void run() {
            if (result.isDone()) {
                return;     // cancelled before it started
            }
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }
    }

    /**
     * As {@link #shutdownNow()}, and the futures of the dropped bodies of {@link #submit}
     * complete with a {@link java.util.concurrent.CancellationException}, so nobody waits on
     * a body that will never run.
     */
    public void shutdownNowCancelling() {
        for (Runnable r : executor.shutdownNow()) {
            if (r instanceof Body<?> b) {
                b.result.cancel(false);
            }
        }
    }

    /**
     * Removes a queued job that has not started.
     *
     * @param job the job
     * @return whether it was still queued (it then never runs)
     */
    public boolean remove(Runnable job) {
        return executor.remove(job);
    }

    /** {@return whether {@link #shutdown} or {@link #shutdownNow} was called} */
    public boolean isShutdown() {
        return executor.isShutdown();
    }

    /** Refuses new jobs; queued ones still run. */
    public void shutdown() {
        executor.shutdown();
    }

    /**
     * Refuses new jobs, drops queued ones, interrupts running ones.
     *
     * @return the queued jobs that never started
     */
    public List<Runnable> shutdownNow() {
        return executor.shutdownNow();
    }

    /**
     * Waits for every thread to finish after a shutdown.
     *
     * @param nanos the longest wait
     * @return whether it terminated in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(long nanos) throws InterruptedException {
        return executor.awaitTermination(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@return threads alive} */
    public int threads() {
        return executor.getPoolSize();
    }

    /** {@return threads alive and not running a job} */
    public int idleThreads() {
        return Math.max(0, executor.getPoolSize() - executor.getActiveCount());
    }

    /** {@return jobs queued, not yet started} */
    public int queueDepth() {
        return executor.getQueue().size();
    }
}
