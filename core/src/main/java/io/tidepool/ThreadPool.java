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

package io.tidepool;

import io.tidepool.internal.handoff.HandOffs;
import io.tidepool.internal.handoff.SelfWait;
import io.tidepool.internal.metrics.JmxRegistration;
import io.tidepool.internal.metrics.MetricsConfig;
import io.tidepool.internal.reactor.PinnedConfig;
import io.tidepool.internal.reactor.ReactorPerCore;
import io.tidepool.internal.reactor.Reactors;
import io.tidepool.internal.timer.TimerConfig;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.PoolConfig;
import io.tidepool.internal.worker.PoolSampler;
import io.tidepool.internal.worker.PoolThread;
import io.tidepool.internal.worker.Submissions;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.pinned.CoreExecutor;
import io.tidepool.pinned.CpuSet;
import io.tidepool.pinned.PerCore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import javax.management.ObjectName;

/**
 * A work-stealing thread pool, a port of Rust's tokio-threadpool, usable as a drop-in
 * {@link ExecutorService}.
 *
 * <p>Each worker owns a Chase-Lev work-stealing deque and an external inbox. A task submitted by
 * a task running in the pool goes on that worker's deque; a task submitted from outside goes to
 * a worker's inbox and wakes a sleeping worker if nobody is already looking for work. Idle
 * workers steal from random victims, spin briefly, then park and cost no CPU.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>All methods are thread-safe.</li>
 *   <li>{@link #execute} allocates nothing beyond the queue slot in steady state (one small
 *       wrapper per task if the pool keeps a
 *       {@linkplain ThreadPoolBuilder#scheduleLatencyHistogram schedule-latency histogram}, and
 *       one if it has a {@linkplain ThreadPoolBuilder#taskDecorator task decorator} or a
 *       {@linkplain ThreadPoolBuilder#contextPropagator context propagator}).</li>
 *   <li>A task that throws never kills a worker: the exception goes to the builder's
 *       {@linkplain ThreadPoolBuilder#uncaughtExceptionHandler handler} (by default the worker thread's
 *       uncaught-exception handler), or to the task's {@code Future}.</li>
 *   <li>{@link #shutdown()} refuses new tasks from outside the pool and lets everything already
 *       accepted finish: queued tasks, tasks they spawn from inside the pool, and pending
 *       {@link AsyncTask}s (woken from anywhere). The pool terminates when nothing is left.</li>
 *   <li>{@link #shutdownNow()} refuses everything, returns every queued {@code Runnable} that
 *       never started (nothing is lost: each accepted task either starts or is in the list),
 *       cancels async tasks and interrupts running tasks.</li>
 *   <li>As a {@link ScheduledExecutorService}, timers live in per-worker timer wheels: see
 *       {@link #schedule(Runnable, long, TimeUnit)} for where they fire and the shutdown
 *       policies.</li>
 *   <li>Rejected tasks throw {@link RejectedExecutionException} naming the pool and its state;
 *       null tasks throw {@link NullPointerException}.</li>
 * </ul>
 * Worker threads start eagerly in {@link ThreadPoolBuilder#build()} and are daemons by default; an idle
 * pool's threads are parked.
 *
 * <h2>Waiting on the pool's own work from a task</h2>
 * A task may wait for other tasks of the same pool: {@code submit(...).get()}, {@link #invokeAll}
 * and {@link #invokeAny} called from a task do not deadlock a pool whose workers all wait (a pool
 * of one, or N such waits in a pool of N). Such a wait runs as a blocking section (module
 * {@code tidepool-blocking}'s {@code Blocking.blocking}): if it outlasts a short grace period,
 * the waiting worker's queues, the awaited tasks among them, are handed to a backup thread, and
 * the caller gets a worker back when the wait ends. At most
 * {@link ThreadPoolBuilder#maxBlocking(int) maxBlocking} waits and sections are handed off at
 * once; past that, and with {@code maxBlocking(0)}, a wait blocks its worker as any blocking call
 * does. Waits on a {@link TaskHandle} of an {@link AsyncTask} are not covered: await it from
 * another async task (a waker), or wrap the wait in {@code Blocking.blocking}.
 *
 * <h2>Pinned-core mode</h2>
 * {@link ThreadPoolBuilder#pinnedCores} builds a pool of reactors, one per CPU, each pinned to its CPU
 * (SPDK's reactor model): per-core executors ({@link #core}), pollers, thread-aware messages,
 * per-core data ({@link #perCore}) and unaffinitized threads for blocking work
 * ({@link #spawnUnaffinitized}). See package {@link io.tidepool.pinned}.
 */
public final class ThreadPool extends AbstractExecutorService
        implements ScheduledExecutorService, AutoCloseable {
    /** Largest supported pool size. */
    public static final int MAX_POOL_SIZE = 1 << 15;

    /**
     * Default {@link ThreadPoolBuilder#blockingThreads(int)}: 512, tokio's {@code max_blocking_threads}.
     * Blocking jobs mostly wait (I/O, locks), so the limit guards memory and the OS thread table
     * rather than CPUs; the queue behind it gives back-pressure instead of more threads.
     */
    public static final int DEFAULT_BLOCKING_THREADS = 512;

    /** {@link ThreadPoolBuilder#maxQueued(int)} without a bound, the default: {@code Integer.MAX_VALUE}. */
    public static final int UNBOUNDED = PoolConfig.UNBOUNDED;

    /** Default {@link ThreadPoolBuilder#blockingQueueCapacity(int)}. */
    public static final int DEFAULT_BLOCKING_QUEUE_CAPACITY = 1024;

    /**
     * Largest queue capacity ({@link ThreadPoolBuilder#blockingQueueCapacity(int)}, the
     * unaffinitized queue): 2^20. Such a queue is an array allocated whole when first used.
     */
    public static final int MAX_QUEUE_CAPACITY = 1 << 20;


    private final Pool pool;
    /** The pool's submission paths, held here so a submission does not load them through the pool. */
    private final Submissions submissions;
    /**
     * Completes when the pool has terminated and its MBean, if any, is unregistered: a caller
     * that saw termination never finds the MBean of a terminated pool.
     */
    private final CompletableFuture<Void> terminated;

    ThreadPool(PoolConfig config, PinnedConfig pinned, MetricsConfig metrics, TimerConfig timers) {
        // the layers meet here: the worker layer's pool, in pinned-core mode with the reactor
        // layer's mode
        this.pool = new Pool(config, metrics, timers,
                pinned == null ? null : p -> new Reactors(p, pinned), HandOffs::new);
        this.submissions = pool.submissions();
        pool.svFacade(this);
        for (WorkerCore core : pool.workerCores()) {
            core.svHandle(new Worker(this, new WorkerId(core.index())));
        }
        if (!metrics.jmx()) {
            this.terminated = pool.termination();
            pool.start();
            return;
        }
        // registered before any thread starts, so a name clash fails build() with nothing running
        final ObjectName mbean = JmxRegistration.register(config.name(), new PoolMXBeanAdapter(this));
        try {
            pool.start();
        } catch (RuntimeException | Error e) {
            JmxRegistration.unregister(mbean);
            throw e;
        }
        this.terminated = pool.termination().whenComplete((ignored, failure) -> {
            try {
                JmxRegistration.unregister(mbean);
            } catch (RuntimeException e) {
                // the pool has terminated either way; a server refusing removal must not fail it
            }
        });
    }

    /**
     * The pool whose work the calling thread is running, so library code can spawn onto "its"
     * pool without being handed it. Answers on every thread the pool started: a worker running
     * a task, the same thread inside a blocking section (where {@link Worker#current()} is
     * empty, since the worker went to another thread), a backup thread, and a
     * {@link #spawnBlocking} thread. Empty on any other thread, including pinned-core mode's
     * unaffinitized threads ({@link #spawnUnaffinitized}), which are plain threads pinned off
     * the reactor CPUs and not counted as the pool's. A thread of a pool that has shut down or
     * terminated still answers with it (spawning there then follows the shutdown rules).
     *
     * <p>Cheap: a type test of the current thread and two field loads; no thread-local.
     *
     * @return the calling thread's pool, or empty
     */
    public static Optional<ThreadPool> current() {
        return Thread.currentThread() instanceof PoolThread t && t.pool().lvFacade() instanceof ThreadPool p
                ? Optional.of(p) : Optional.empty();
    }

    /** {@return a new builder with the default settings} */
    public static ThreadPoolBuilder builder() {
        return new ThreadPoolBuilder();
    }

    /**
     * Runs {@code task} on a worker.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws RejectedExecutionException if the pool is shut down (from outside the pool) or
     *     stopped, or (from outside the pool) {@link ThreadPoolBuilder#maxQueued(int) maxQueued}
     *     is reached and the {@link RejectionHandler} refuses it
     */
    @Override
    public void execute(Runnable task) {
        // a statement, not an argument: requireNonNull returns Object, and passing its result
        // on would compile to a checkcast against Runnable on every submission
        Objects.requireNonNull(task, "task");
        submissions.execute(task);
    }

    /**
     * Same as {@link #execute}: tokio's name for fire-and-forget spawning.
     *
     * @param task the task to run once on a worker
     * @throws NullPointerException if {@code task} is null
     * @throws RejectedExecutionException as for {@link #execute}
     */
    public void spawn(Runnable task) {
        execute(task);
    }

    /**
     * Spawns a poll-based task; it is polled on a worker, and again once per wake of its
     * {@link Waker}, until it returns ready, throws, or is cancelled.
     *
     * <p>An exception thrown by a poll completes the handle exceptionally and goes nowhere else:
     * it is seen only by whoever reads the handle. For a task nobody waits for, use
     * {@link #spawnDetached}, whose failures reach the uncaught-exception handler.
     *
     * @param <T> the task's result type
     * @param task the task to poll; its ready value or exception completes the handle
     * @return the task's handle
     * @throws NullPointerException if {@code task} is null
     * @throws RejectedExecutionException as for {@link #execute}
     */
    public <T> TaskHandle<T> spawn(AsyncTask<T> task) {
        return submissions.spawn(Objects.requireNonNull(task, "task"));
    }

    /**
     * Spawns a poll-based task that nobody waits for (fire and forget, like tokio's
     * {@code spawn} of a future whose handle is dropped). It is polled as
     * {@link #spawn(AsyncTask)} polls, but an exception thrown by a poll (or a poll that
     * returns {@code null}) is reported to the pool's
     * {@link ThreadPoolBuilder#uncaughtExceptionHandler uncaught-exception handler}, or without
     * one to the worker thread's, exactly as a throwing {@link Runnable} is; the worker goes on.
     * A ready value is dropped; a cancellation by {@link #shutdownNow()} is not reported.
     *
     * @param task the task to poll
     * @throws NullPointerException if {@code task} is null
     * @throws RejectedExecutionException as for {@link #execute}
     */
    public void spawnDetached(AsyncTask<?> task) {
        submissions.spawn(new DetachedTask<>(Objects.requireNonNull(task, "task"), pool.runner()::reportUncaught));
    }

    /**
     * Runs blocking code on the pool's <em>blocking threads</em>, not on a worker, and returns
     * its outcome as a future (tokio's {@code spawn_blocking}). Use it for blocking calls made
     * from outside a task, or when the caller wants a future; inside a task,
     * {@code io.tidepool.blocking.Blocking.blocking} avoids the thread switch.
     *
     * <p>The blocking threads are separate from the workers: at most
     * {@link ThreadPoolBuilder#blockingThreads(int) blockingThreads} of them, named
     * {@code <pool name>-blocking-N}, daemons when the workers are, each retiring after
     * {@link ThreadPoolBuilder#keepAlive(Duration) keepAlive} idle; created on first use. When they are all
     * busy, jobs wait in a queue of {@link ThreadPoolBuilder#blockingQueueCapacity(int)
     * blockingQueueCapacity}; when that is full the call throws, it never drops a job.
     *
     * <p>The future completes with {@code body}'s result, or exceptionally with what it threw
     * (so {@code get()} throws an {@code ExecutionException} and {@code join()} a
     * {@code CompletionException}, each with the body's exception as the cause, checked ones
     * included). Cancelling the future before the body starts means the body never runs (and
     * frees its queue slot); cancelling it later does not interrupt the body, as for any
     * {@code CompletableFuture}. Dependent stages are plain {@code CompletableFuture}s.
     *
     * <p>Shutdown: accepted from outside the pool only while it runs; from a thread of the pool
     * (a task, a blocking section, a blocking job) also after {@link #shutdown()}, like a spawn.
     * {@code shutdown()} lets accepted jobs finish, and the pool terminates only when they have;
     * code in a job that submits to this pool counts as inside the pool.
     * {@link #shutdownNow()} interrupts running jobs and cancels queued ones: their futures
     * complete with a {@code CancellationException}; they are not in the returned list (they
     * are not tasks the caller handed to {@code execute}), as for async tasks.
     *
     * @param <T> the body's result type
     * @param body the blocking code
     * @return a new future of the body's outcome
     * @throws NullPointerException if {@code body} is null
     * @throws RejectedExecutionException if the pool no longer accepts jobs, or the queue is
     *     full; the message names the pool, its state, the capacity and the thread limit
     */
    public <T> CompletableFuture<T> spawnBlocking(Callable<T> body) {
        return submissions.spawnBlocking(Objects.requireNonNull(body, "body"));
    }

    /**
     * As {@link #spawnBlocking(Callable)}, for code without a result.
     *
     * @param body the blocking code
     * @return a new future completed with {@code null} when {@code body} returns, or with its
     *     exception
     * @throws NullPointerException if {@code body} is null
     * @throws RejectedExecutionException as for {@link #spawnBlocking(Callable)}
     */
    public CompletableFuture<Void> spawnBlocking(Runnable body) {
        Objects.requireNonNull(body, "body");
        return submissions.spawnBlocking(new RunnableBody(body));
    }

    /**
     * The exception {@link RejectionHandler#abort()} throws for {@code task}.
     *
     * @param task the task as submitted
     * @return a new exception naming the task, the pool, the bound and the state
     */
    RejectedExecutionException fullRejection(Runnable task) {
        return submissions.full(task);
    }

    /** A {@code Runnable} as a {@code Callable<Void>}, named after it. */
    private static final class RunnableBody implements Callable<Void> {
        private final Runnable body;

        RunnableBody(Runnable body) {
            this.body = body;
        }

        @Override
        public Void call() {
            body.run();
            return null;
        }

        @Override
        public String toString() {
            return body.toString();
        }
    }

    /**
     * Runs {@code command} once after {@code delay}, never earlier, on a worker.
     *
     * <p>Where timers live: each worker has a hierarchical timer wheel (ticks of 65.5 us). A
     * timer set by a task stays on the wheel of the worker running it; one set from outside
     * the pool goes to a random worker, waking it only if it would otherwise sleep past the new
     * deadline. A worker parks until its next deadline (through its {@link Park}, so a
     * {@linkplain ThreadPoolBuilder#customPark custom park} gets timers too) and pushes the task
     * of each expired timer onto its deque, where idle workers may steal it. Lateness: the
     * park's own (the OS timer slack), more while the worker is busy with a long task (it looks
     * at its timers between tasks, and at least every 61 tasks). {@code cancel} is O(1) from any thread and removes
     * the timer from its wheel.
     *
     * <p>Shutdown, as {@code ScheduledThreadPoolExecutor} by default: after {@link #shutdown()}
     * delayed tasks still run ({@link ThreadPoolBuilder#delayedTasksAfterShutdown}) and periodic
     * tasks are cancelled ({@link ThreadPoolBuilder#periodicTasksAfterShutdown}); the pool
     * terminates when the kept ones have run. New timers are then accepted only from the pool's
     * own threads, of a kind the policies keep. {@link #shutdownNow()} returns the futures of
     * timers that never fired (as {@code Runnable}s, not done and not cancelled).
     *
     * @throws NullPointerException if {@code command} or {@code unit} is null
     * @throws RejectedExecutionException if the pool refuses it (shut down)
     */
    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(unit, "unit");
        return armed(pool.timers().schedule(submissions.decorate(command), unit.toNanos(delay)), command);
    }

    /**
     * Calls {@code callable} once after {@code delay}, as {@link #schedule(Runnable, long, TimeUnit)}.
     *
     * @throws NullPointerException if {@code callable} or {@code unit} is null
     * @throws RejectedExecutionException if the pool refuses it (shut down)
     */
    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Objects.requireNonNull(callable, "callable");
        Objects.requireNonNull(unit, "unit");
        return armed(pool.timers().schedule(submissions.decorate(callable), unit.toNanos(delay)),
                new FutureTask<>(callable));
    }

    /**
     * Runs {@code command} after {@code initialDelay}, then every {@code period} after the first
     * deadline: a late run is followed by the missed ones back to back, never two at once. The
     * task stops when it throws (its future completes with the exception), when cancelled, or
     * when the pool shuts down (see {@link #schedule(Runnable, long, TimeUnit)}). Each run
     * re-arms the same timer on the wheel of the worker that ran it, allocating nothing.
     *
     * @throws NullPointerException if {@code command} or {@code unit} is null
     * @throws IllegalArgumentException if {@code period} is not positive
     * @throws RejectedExecutionException if the pool refuses it (shut down)
     */
    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
            TimeUnit unit) {
        return periodic(command, initialDelay, period, unit, "period", 1);
    }

    /**
     * Runs {@code command} after {@code initialDelay}, then {@code delay} after the end of each
     * run; otherwise as {@link #scheduleAtFixedRate}.
     *
     * @throws NullPointerException if {@code command} or {@code unit} is null
     * @throws IllegalArgumentException if {@code delay} is not positive
     * @throws RejectedExecutionException if the pool refuses it (shut down)
     */
    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
            TimeUnit unit) {
        return periodic(command, initialDelay, delay, unit, "delay", -1);
    }

    /**
     * An async sleep of {@code duration} from now, for {@link AsyncTask}s: poll it from a
     * task's poll (see {@link Sleep}); it wakes the task on this pool's timer wheels.
     *
     * @param duration how long; zero or negative is elapsed at once
     * @return a new sleep, armed by its first pending poll
     * @throws NullPointerException if {@code duration} is null
     */
    public Sleep sleep(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException e) {
            nanos = duration.isNegative() ? 0 : Long.MAX_VALUE;
        }
        return pool.timers().sleep(nanos);
    }

    private ScheduledFuture<?> periodic(Runnable command, long initialDelay, long period,
            TimeUnit unit, String what, int sign) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(unit, "unit");
        if (period <= 0) {
            throw new IllegalArgumentException("must be > 0: " + what + "=" + period + " " + unit);
        }
        return armed(pool.timers().schedulePeriodic(submissions.decorate(command), unit.toNanos(initialDelay),
                sign * unit.toNanos(period)), command);
    }

    private <F> F armed(F future, Runnable task) {
        if (future == null) {
            throw submissions.rejected(task);
        }
        return future;
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return pool.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return terminated.isDone();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        try {
            terminated.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("termination future failed", e);
        }
    }

    /**
     * Shuts down (as {@link #shutdown()}) and returns a future that completes when the pool has
     * terminated: every accepted task, including pending async tasks, has finished and every
     * worker thread has exited. tokio-threadpool's {@code shutdown_on_idle}.
     *
     * @return a new future, as {@link #terminationFuture()}
     */
    public CompletableFuture<Void> shutdownOnIdle() {
        shutdown();
        return terminationFuture();
    }

    /**
     * A future that completes when the pool terminates, without shutting it down. Each call
     * returns a new future; completing or cancelling it has no effect on the pool.
     *
     * @return a new future completed (with {@code null}) once the pool has terminated
     */
    public CompletableFuture<Void> terminationFuture() {
        return terminated.copy();
    }

    /**
     * Shuts down and waits for termination, as {@code ExecutorService.close()} does from JDK 19
     * (provided here for JDK 17 too): if interrupted while waiting, calls {@link #shutdownNow()}
     * and keeps waiting, then restores the interrupt status. Called from one of this pool's own
     * workers it only shuts down, since waiting there could never end.
     */
    @Override
    public void close() {
        if (pool.isWorkerThread()) {
            shutdown();
            return;
        }
        boolean terminated = isTerminated();
        if (terminated) {
            return;
        }
        shutdown();
        boolean interrupted = false;
        while (!terminated) {
            try {
                terminated = awaitTermination(1L, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                if (!interrupted) {
                    shutdownNow();
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@return the pool's name (the builder's name prefix)} */
    public String name() {
        return pool.config().name();
    }

    /** {@return the number of workers} */
    public int poolSize() {
        return pool.config().poolSize();
    }

    /** {@return the reactor CPUs of a pinned pool, or empty in the default mode} */
    public Optional<CpuSet> pinnedCores() {
        return pool.mode() instanceof Reactors r ? Optional.of(r.cpus()) : Optional.empty();
    }

    /**
     * The executor of the reactor core pinned to {@code cpu}: what runs there stays there, never
     * stolen (SPDK's {@code send_msg} target).
     *
     * @param cpu one of the pool's CPUs
     * @return the core's executor
     * @throws IllegalStateException if the pool is not in pinned-core mode
     * @throws IllegalArgumentException naming the CPU and the pool's CPUs if no core is on it
     */
    public CoreExecutor core(int cpu) {
        return reactors("core(" + cpu + ")").executor(cpu);
    }

    /**
     * The next reactor core in round-robin order, for spreading work over the cores.
     *
     * @return a core's executor
     * @throws IllegalStateException if the pool is not in pinned-core mode
     */
    public CoreExecutor nextCore() {
        return reactors("nextCore()").nextExecutor();
    }

    /**
     * One value per reactor core, each created now by {@code factory} called with its CPU.
     *
     * @param <T> the value type
     * @param factory creates the value of a CPU; must not return null
     * @return the per-core values
     * @throws IllegalStateException if the pool is not in pinned-core mode
     * @throws NullPointerException if {@code factory} is null or returns null
     */
    public <T> PerCore<T> perCore(IntFunction<? extends T> factory) {
        Objects.requireNonNull(factory, "factory");
        return new ReactorPerCore<>(reactors("perCore()"), factory);
    }

    /**
     * Runs blocking work on an unaffinitized thread (SPDK-RS's {@code spawn_unaffinitized}):
     * one of a bounded set of threads ({@link ThreadPoolBuilder#unaffinitized}) pinned to the allowed CPUs
     * that are not reactor CPUs, or to every allowed CPU when the reactors use them all. Use it
     * from a reactor for anything that may block. Cancelling the future before the body starts
     * means it never runs; a later cancel does not interrupt it. Termination waits for accepted
     * bodies; {@link #shutdownNow()} interrupts running ones and cancels the futures of queued
     * ones ({@link java.util.concurrent.CancellationException}).
     *
     * @param <T> the result type
     * @param body the blocking work
     * @return a future completed with the body's result or exception
     * @throws IllegalStateException if the pool is not in pinned-core mode
     * @throws java.util.concurrent.RejectedExecutionException if every thread is busy and the
     *     queue is full, or the pool is shut down
     */
    public <T> CompletableFuture<T> spawnUnaffinitized(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return reactors("spawnUnaffinitized()").unaffinitized().submit(submissions.decorate(body));
    }

    private Reactors reactors(String what) {
        if (!(pool.mode() instanceof Reactors r)) {
            throw new IllegalStateException(what + " needs a pool in pinned-core mode (built with "
                    + "pinnedCores); " + name() + " is not");
        }
        return r;
    }

    /**
     * A snapshot of the pool's counters, queue depths and timings; see {@link PoolMetrics} for
     * what each figure counts. Cheap (one pass over the workers, a few loads each, no lock), and
     * never stops or slows a worker; callable from any thread, at any time, also after
     * termination (the counters then keep their final values).
     *
     * @return a new snapshot taken now
     */
    public PoolMetrics metrics() {
        return new PoolMetrics(PoolSampler.sample(pool));
    }

    /**
     * The future {@code submit} and {@code invokeAll} return: a {@link java.util.concurrent.FutureTask}
     * whose {@code get} called from a task on a worker of this pool waits in a blocking section
     * (see "Waiting on the pool's own work from a task" in the class documentation).
     */
    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new SelfWait.Task<>(pool, runnable, value);
    }

    /** As {@link #newTaskFor(Runnable, Object)}, for a {@code Callable}. */
    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new SelfWait.Task<>(pool, callable);
    }

    /**
     * As {@link AbstractExecutorService#invokeAny(Collection)}; called from a task on a worker of
     * this pool, the wait runs in a blocking section (class documentation).
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
            throws InterruptedException, ExecutionException {
        final int wait = SelfWait.begin(pool);
        try {
            return super.invokeAny(tasks);
        } finally {
            SelfWait.end(wait);
        }
    }

    /**
     * As {@link AbstractExecutorService#invokeAny(Collection, long, TimeUnit)}; called from a task
     * on a worker of this pool, the wait runs in a blocking section (class documentation).
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        final int wait = SelfWait.begin(pool);
        try {
            return super.invokeAny(tasks, timeout, unit);
        } finally {
            SelfWait.end(wait);
        }
    }

    /**
     * A one-line summary of the pool's state, as {@link PoolMetrics#toString()}: name, run
     * state, workers unparked and searching, queued tasks (deques and inboxes), alive async
     * tasks, the pool-wide polls, steals, parks, local and remote schedules, and the blocking
     * figures (sections, backup threads, hand-offs, detections, spawnBlocking threads and
     * queue).
     */
    @Override
    public String toString() {
        return super.toString() + pool.describe();
    }
}
