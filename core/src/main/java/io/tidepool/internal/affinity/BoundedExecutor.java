package io.tidepool.internal.affinity;

import io.tidepool.pinned.CpuSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A bounded set of threads for blocking work, pinned to the CPUs no reactor uses (SPDK-RS's
 * {@code spawn_unaffinitized}). Self-contained, so that any pool-level entry point (today
 * {@code ThreadPool.spawnUnaffinitized}, later {@code spawnBlocking} in pinned mode) can route
 * through it.
 *
 * <p>A JDK {@link ThreadPoolExecutor}: up to {@code maxThreads} threads, started on demand and
 * retired after {@code keepAlive} idle, and a bounded FIFO queue; a submission that finds every
 * thread busy and the queue full is refused with {@link RejectedExecutionException}. Each
 * thread pins itself once, when it starts, to the unaffinitized CPU set; a pinning failure is
 * reported to {@code onPinFailure} and the thread runs unpinned.
 *
 * <p>Thread-safe.
 */
public final class UnaffinitizedExecutor {
    private final String name;
    private final int queueCapacity;
    private final ThreadPoolExecutor executor;

    /**
     * Creates the executor; no thread starts until the first submission.
     *
     * @param name prefix of the thread names
     * @param cpus the CPUs the threads are pinned to; not empty
     * @param backend pins the threads
     * @param maxThreads the most threads, {@code >= 1}
     * @param queueCapacity the most queued bodies, {@code >= 1}
     * @param keepAliveNanos how long an idle thread lives
     * @param onPinFailure receives the message of a failed pin (called on the new thread)
     */
    public UnaffinitizedExecutor(String name, CpuSet cpus, AffinityBackend backend, int maxThreads,
            int queueCapacity, long keepAliveNanos, Consumer<String> onPinFailure) {
        this.name = name;
        this.queueCapacity = queueCapacity;
        final AtomicInteger number = new AtomicInteger();
        final ThreadFactory factory = body -> {
            final Thread t = new Thread(() -> {
                try {
                    backend.pinCurrentThread(cpus);
                } catch (AffinityException | java.io.UncheckedIOException e) {
                    onPinFailure.accept(Thread.currentThread().getName() + ": " + e.getMessage());
                }
                body.run();
            }, name + "-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ThreadPoolExecutor(maxThreads, maxThreads, keepAliveNanos,
                TimeUnit.NANOSECONDS, new ArrayBlockingQueue<>(queueCapacity), factory,
                new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code body} on an unaffinitized thread. Cancelling the returned future before the
     * body starts means it never runs; cancelling later does not interrupt it (the future
     * completes as cancelled and the result is dropped).
     *
     * @param <T> the result type
     * @param body the blocking work
     * @return a future completed with the body's result or exception
     * @throws RejectedExecutionException if every thread is busy and the queue is full, or after
     *     shutdown
     */
    public <T> CompletableFuture<T> submit(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        final CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                if (result.isDone()) {
                    return;     // cancelled before it started
                }
                try {
                    result.complete(body.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new RejectedExecutionException(executor.isShutdown()
                    ? name + " is shut down"
                    : name + " is full: " + executor.getMaximumPoolSize() + " threads busy and "
                            + queueCapacity + " bodies queued", e);
        }
        return result;
    }

    /** Refuses new bodies; queued ones still run. */
    public void shutdown() {
        executor.shutdown();
    }

    /**
     * Refuses new bodies, drops queued ones, interrupts running ones.
     *
     * @return the queued work that never started
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
}
