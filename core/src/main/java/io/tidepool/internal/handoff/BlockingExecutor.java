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

package io.tidepool.internal.handoff;

import io.tidepool.internal.affinity.BoundedExecutor;
import io.tidepool.internal.worker.Lifecycle;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.PoolThread;
import io.tidepool.internal.worker.ThreadStarts;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool's {@code spawnBlocking} threads: a {@link BoundedExecutor} (the bounded executor
 * that pinned-core mode's unaffinitized threads are too) with at most {@code blockingThreads}
 * threads, each retiring after {@code keepAlive} idle, and a bounded queue, its threads pool
 * threads ({@code <pool>-blocking-N}; in pinned-core mode each pins itself off the reactor CPUs
 * as it starts, the mode's {@code blockingThreadBody}). Created on the first
 * {@code spawnBlocking}, so a pool that never uses it has no extra thread or object. What this
 * class adds is the pool's lifecycle, below.
 *
 * <p><b>Rejection</b> is always visible: {@link RejectedExecutionException} naming the pool, the
 * run state, the queue capacity and the thread limit, thrown by {@code spawnBlocking} itself.
 *
 * <p><b>Lifecycle, as one of the pool's threads.</b> The executor counts as one live thread of
 * the pool from its creation until it has terminated, so the pool's termination waits for it.
 * Jobs accepted and not finished are counted ({@link #lvInFlight()}); the pool's quiescence
 * check reads that count first (volatile) and stays in SHUTDOWN while it is not zero; a job
 * publishes whatever it submits before its count drops, and the job whose count reaches zero
 * under SHUTDOWN retries termination. Acceptance follows {@code execute}: from outside the pool
 * only while RUNNING; from a pool thread (a worker, a blocking section, or a blocking job
 * itself) until the pool is quiescent, so accepted work can finish after {@code shutdown()}.
 * TIDYING shuts the executor down (it is idle then); STOP shuts it down now: running jobs are
 * interrupted, queued jobs are removed and their futures cancelled.
 */
final class BlockingExecutor {
    private final Pool pool;
    private final int maxThreads;
    private final int queueCapacity;
    private final long keepAliveNanos;
    private final AtomicInteger threadNumber = new AtomicInteger();
    /** Jobs accepted and not yet finished or removed. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Guards creation and closing of the executor. */
    private final Object lock = new Object();
    /** The executor once created; written under {@link #lock}, read without it. */
    private volatile BoundedExecutor executor;
    /** Set when the pool reached TIDYING or STOP: no executor is created any more. */
    private boolean closed;

    BlockingExecutor(Pool pool, int maxThreads, int queueCapacity, long keepAliveNanos) {
        this.pool = pool;
        this.maxThreads = maxThreads;
        this.queueCapacity = queueCapacity;
        this.keepAliveNanos = keepAliveNanos;
    }

    /**
     * Runs {@code body} on a blocking thread.
     *
     * @param inside whether the caller is a thread of the pool (accepted after shutdown)
     * @throws RejectedExecutionException if the pool refuses it or the queue is full
     */
    <T> CompletableFuture<T> submit(Callable<T> body, boolean inside) {
        Objects.requireNonNull(body, "body");
        if (!accepts(inside)) {
            throw rejected("the pool no longer accepts blocking jobs");
        }
        inFlight.incrementAndGet();
        // re-read after the count is up: an outside caller that raced shutdown() either sees it
        // here, or shutdown's quiescence check (later in the synchronization order) sees the count
        if (!accepts(inside)) {
            jobEnded();
            throw rejected("the pool no longer accepts blocking jobs");
        }
        final BoundedExecutor ex;
        try {
            ex = executor();
        } catch (RuntimeException | Error e) {
            // the queue could not be allocated: the job was never accepted
            jobEnded();
            throw rejected("the blocking executor could not be created: " + e, e);
        }
        if (ex == null) {
            jobEnded();
            throw rejected("the blocking threads are shut down");
        }
        final Job<T> job = new Job<>(this, body);
        try {
            ex.execute(job);
        } catch (RejectedExecutionException e) {
            jobEnded();
            throw rejected(ex.isShutdown() ? "the blocking threads are shut down"
                    : "the queue is full");
        } catch (RuntimeException | Error e) {
            // a thread could not start (out of threads or memory): the job is not queued
            jobEnded();
            throw rejected("a blocking thread could not start: " + e, e);
        }
        return job.future;
    }

    private boolean accepts(boolean inside) {
        final int ls = pool.lvLifecycle();
        return inside ? ls <= Lifecycle.SHUTDOWN : ls == Lifecycle.RUNNING;
    }

    /** The executor, created on first use; null once closed. */
    private BoundedExecutor executor() {
        final BoundedExecutor e = executor;
        if (e != null) {
            return e;
        }
        synchronized (lock) {
            if (executor == null && !closed) {
                // counted as a live thread before it can start one, counted out in terminated()
                pool.threadStarting();
                try {
                    // counts itself out of the pool's live threads when it has terminated
                    executor = new BoundedExecutor(pool.config().name() + "-blocking",
                            maxThreads, queueCapacity, keepAliveNanos, this::newThread,
                            pool::threadExited);
                } catch (RuntimeException | Error failure) {
                    pool.threadStartFailed();
                    throw failure;
                }
            }
            return executor;
        }
    }

    /** Called once per accepted job, when it finished or was removed without running. */
    void jobEnded() {
        if (inFlight.decrementAndGet() == 0 && pool.lvLifecycle() == Lifecycle.SHUTDOWN) {
            pool.tryTerminate();
        }
    }

    /** Removes a cancelled job from the queue; if it was still there, it never runs. */
    void cancelled(Job<?> job) {
        final BoundedExecutor ex = executor;
        if (ex != null && ex.remove(job)) {
            jobEnded();
        }
    }

    /** After TIDYING: lets the (idle) executor terminate; no new one is created. */
    void close() {
        synchronized (lock) {
            closed = true;
            if (executor != null) {
                executor.shutdown();
            }
        }
    }

    /**
     * After STOP: interrupts running jobs and cancels queued ones (their futures complete with
     * a {@link java.util.concurrent.CancellationException}). Queued jobs are not returned by
     * {@code shutdownNow}: they are not tasks the caller submitted, and their futures report
     * the cancellation, as for async tasks.
     */
    void stop() {
        List<Runnable> queued = List.of();
        synchronized (lock) {
            closed = true;
            if (executor != null) {
                queued = executor.shutdownNow();
            }
        }
        for (Runnable r : queued) {
            ((Job<?>) r).future.cancel(false);
            jobEnded();
        }
    }

    private RejectedExecutionException rejected(String why, Throwable cause) {
        final RejectedExecutionException e = rejected(why);
        e.initCause(cause);
        return e;
    }

    private RejectedExecutionException rejected(String why) {
        return new RejectedExecutionException("spawnBlocking rejected from " + pool.config().name()
                + " [" + Lifecycle.name(pool.lvLifecycle()) + "]: " + why + " (queue capacity "
                + queueCapacity + ", at most " + maxThreads + " blocking threads)");
    }

    // ------------------------------------------------------------------ queries

    /** Jobs accepted and not finished; volatile read. */
    int lvInFlight() {
        return inFlight.get();
    }

    /** Blocking threads alive (0 before the first job). */
    int threads() {
        final BoundedExecutor ex = executor;
        return ex == null ? 0 : ex.threads();
    }

    /** Blocking threads alive and not running a job. */
    int idleThreads() {
        final BoundedExecutor ex = executor;
        return ex == null ? 0 : ex.idleThreads();
    }

    /** Jobs queued, not yet started. */
    int queueDepth() {
        final BoundedExecutor ex = executor;
        return ex == null ? 0 : ex.queueDepth();
    }

    // ------------------------------------------------------------------ parts

    private Thread newThread(Runnable r) {
        // pinned-core mode: off the reactor CPUs (a new thread inherits its creator's affinity)
        final Runnable body = pool.mode().blockingThreadBody(r);
        final String name = pool.config().threadNamePrefix() + "-blocking-"
                + threadNumber.incrementAndGet();
        // the executor starts the thread itself; a test's injected start failure is thrown here
        ThreadStarts.checkStartable(name);
        // no inherited thread-locals, the creator's class loader: whoever triggered it
        final Thread t = PoolThread.onDemand(pool, body, name, pool.config().stackSize());
        t.setDaemon(pool.config().daemon());
        return t;
    }

    /** One job: skips the body if its future was completed (cancelled) before it started. */
    static final class Job<T> implements Runnable {
        private final BlockingExecutor owner;
        private final Callable<T> body;
        final JobFuture<T> future;

        Job(BlockingExecutor owner, Callable<T> body) {
            this.owner = owner;
            this.body = body;
            this.future = new JobFuture<>(owner, this);
        }

        @Override
        public void run() {
            try {
                if (future.isDone()) {
                    return; // cancelled before it started: the body never runs
                }
                final T value;
                try {
                    value = body.call();
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                    return;
                }
                future.complete(value);
            } finally {
                owner.jobEnded();
            }
        }

        @Override
        public String toString() {
            return "BlockingJob[" + body + "]";
        }
    }

    /**
     * The future of a job: cancelling it removes the job from the queue if it is still there.
     * Dependent stages are plain {@link CompletableFuture}s.
     */
    static final class JobFuture<T> extends CompletableFuture<T> {
        private final BlockingExecutor owner;
        private final Job<T> job;

        JobFuture(BlockingExecutor owner, Job<T> job) {
            this.owner = owner;
            this.job = job;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            final boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                owner.cancelled(job);
            }
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
