package io.tidepool;

import io.tidepool.internal.affinity.AffinityBackend;
import io.tidepool.internal.metrics.JmxRegistration;
import io.tidepool.internal.metrics.MetricsConfig;
import io.tidepool.internal.park.ThreadPark;
import io.tidepool.internal.pool.PoolSampler;
import io.tidepool.internal.pool.Pool;
import io.tidepool.internal.pool.PoolConfig;
import io.tidepool.internal.pool.PinnedConfig;
import io.tidepool.internal.pool.ReactorPerCore;
import io.tidepool.internal.pool.Reactors;
import io.tidepool.internal.pool.WorkerCore;
import io.tidepool.pinned.CoreExecutor;
import io.tidepool.pinned.CpuSet;
import io.tidepool.pinned.PerCore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import javax.management.ObjectName;
import org.agrona.concurrent.IdleStrategy;

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
 *       {@linkplain Builder#scheduleLatencyHistogram schedule-latency histogram}).</li>
 *   <li>A task that throws never kills a worker: the exception goes to the builder's
 *       {@linkplain Builder#uncaughtExceptionHandler handler} (by default the worker thread's
 *       uncaught-exception handler), or to the task's {@code Future}.</li>
 *   <li>{@link #shutdown()} refuses new tasks from outside the pool and lets everything already
 *       accepted finish: queued tasks, tasks they spawn from inside the pool, and pending
 *       {@link AsyncTask}s (woken from anywhere). The pool terminates when nothing is left.</li>
 *   <li>{@link #shutdownNow()} refuses everything, returns every queued {@code Runnable} that
 *       never started (nothing is lost: each accepted task either starts or is in the list),
 *       cancels async tasks and interrupts running tasks.</li>
 *   <li>Rejected tasks throw {@link RejectedExecutionException} naming the pool and its state;
 *       null tasks throw {@link NullPointerException}.</li>
 * </ul>
 * Worker threads start eagerly in {@link Builder#build()} and are daemons by default; an idle
 * pool's threads are parked.
 *
 * <h2>Pinned-core mode</h2>
 * {@link Builder#pinnedCores} builds a pool of reactors, one per CPU, each pinned to its CPU
 * (SPDK's reactor model): per-core executors ({@link #core}), pollers, thread-aware messages,
 * per-core data ({@link #perCore}) and unaffinitized threads for blocking work
 * ({@link #spawnUnaffinitized}). See package {@link io.tidepool.pinned}.
 */
public final class ThreadPool extends AbstractExecutorService implements AutoCloseable {
    /** Largest supported pool size. */
    public static final int MAX_POOL_SIZE = 1 << 15;

    /**
     * Default {@link Builder#blockingThreads(int)}: 512, tokio's {@code max_blocking_threads}.
     * Blocking jobs mostly wait (I/O, locks), so the limit guards memory and the OS thread table
     * rather than CPUs; the queue behind it gives back-pressure instead of more threads.
     */
    public static final int DEFAULT_BLOCKING_THREADS = 512;

    /** Default {@link Builder#blockingQueueCapacity(int)}. */
    public static final int DEFAULT_BLOCKING_QUEUE_CAPACITY = 1024;

    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final Pool pool;
    /**
     * Completes when the pool has terminated and its MBean, if any, is unregistered: a caller
     * that saw termination never finds the MBean of a terminated pool.
     */
    private final CompletableFuture<Void> terminated;

    private ThreadPool(PoolConfig config, MetricsConfig metrics) {
        this.pool = new Pool(config, metrics);
        for (WorkerCore core : pool.workerCores()) {
            core.handle(new Worker(this, new WorkerId(core.index())));
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

    /** {@return a new builder with the default settings} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code task} on a worker.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws RejectedExecutionException if the pool is shut down (from outside the pool) or
     *     stopped
     */
    @Override
    public void execute(Runnable task) {
        pool.execute(Objects.requireNonNull(task, "task"));
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
     * @param <T> the task's result type
     * @param task the task to poll; its ready value or exception completes the handle
     * @return the task's handle
     * @throws NullPointerException if {@code task} is null
     * @throws RejectedExecutionException as for {@link #execute}
     */
    public <T> TaskHandle<T> spawn(AsyncTask<T> task) {
        return pool.spawn(Objects.requireNonNull(task, "task"));
    }

    /**
     * Runs blocking code on the pool's <em>blocking threads</em>, not on a worker, and returns
     * its outcome as a future (tokio's {@code spawn_blocking}). Use it for blocking calls made
     * from outside a task, or when the caller wants a future; inside a task,
     * {@code io.tidepool.blocking.Blocking.blocking} avoids the thread switch.
     *
     * <p>The blocking threads are separate from the workers: at most
     * {@link Builder#blockingThreads(int) blockingThreads} of them, named
     * {@code <pool name>-blocking-N}, daemons when the workers are, each retiring after
     * {@link Builder#keepAlive(Duration) keepAlive} idle; created on first use. When they are all
     * busy, jobs wait in a queue of {@link Builder#blockingQueueCapacity(int)
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
        return pool.spawnBlocking(Objects.requireNonNull(body, "body"));
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
        return pool.spawnBlocking(new RunnableBody(body));
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
        final Reactors r = pool.reactors();
        return r == null ? Optional.empty() : Optional.of(r.cpus());
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
     * one of a bounded set of threads ({@link Builder#unaffinitized}) pinned to the allowed CPUs
     * that are not reactor CPUs, or to every allowed CPU when the reactors use them all. Use it
     * from a reactor for anything that may block. Cancelling the future before the body starts
     * means it never runs; a later cancel does not interrupt it.
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
        return reactors("spawnUnaffinitized()").unaffinitized().submit(body);
    }

    private Reactors reactors(String what) {
        final Reactors r = pool.reactors();
        if (r == null) {
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

    /**
     * Builds a {@link ThreadPool}. Setters check for null at once; {@link #build()} checks every
     * value and names the bad one. Not thread-safe.
     */
    public static final class Builder {
        private int poolSize = Runtime.getRuntime().availableProcessors();
        private String namePrefix;
        private long stackSize;
        private boolean daemon = true;
        private Runnable afterStart;
        private Runnable beforeStop;
        private BiConsumer<Worker, Runnable> aroundWorker;
        private Thread.UncaughtExceptionHandler handler;
        private Function<WorkerId, ? extends Park> parkFactory;
        private int maxBlocking = 100;
        private Duration keepAlive = Duration.ofSeconds(10);
        private int blockingThreads = DEFAULT_BLOCKING_THREADS;
        private int blockingQueueCapacity = DEFAULT_BLOCKING_QUEUE_CAPACITY;
        private boolean pollTimeHistogram;
        private boolean scheduleLatencyHistogram;
        private Duration longPollThreshold;
        private boolean jmx;
        private Duration detectBlocking;
        private boolean poolSizeSet;
        private final PinnedOptions pinned = new PinnedOptions();

        private Builder() {}

        /**
         * Number of workers, 1..32768; default: available processors.
         *
         * @param poolSize the number of worker threads; checked by {@link #build()}
         * @return this builder
         */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            this.poolSizeSet = true;
            return this;
        }

        /**
         * Pool name, also the prefix of worker thread names; default {@code tidepool-N}.
         *
         * @param namePrefix the pool's name; not blank (checked by {@link #build()})
         * @return this builder
         * @throws NullPointerException if {@code namePrefix} is null
         */
        public Builder namePrefix(String namePrefix) {
            this.namePrefix = Objects.requireNonNull(namePrefix, "namePrefix");
            return this;
        }

        /**
         * Worker thread stack size in bytes, 0 for the platform default (the default).
         *
         * @param stackSize the stack size in bytes, {@code >= 0}; checked by {@link #build()}
         * @return this builder
         */
        public Builder stackSize(long stackSize) {
            this.stackSize = stackSize;
            return this;
        }

        /**
         * Whether worker threads are daemons; default {@code true}, as ForkJoinPool's.
         *
         * @param daemon {@code true} for daemon worker threads
         * @return this builder
         */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /**
         * Runs on each worker thread when it starts, before any task.
         *
         * @param afterStart the hook to run on each new worker thread
         * @return this builder
         * @throws NullPointerException if {@code afterStart} is null
         */
        public Builder afterStart(Runnable afterStart) {
            this.afterStart = Objects.requireNonNull(afterStart, "afterStart");
            return this;
        }

        /**
         * Runs on each worker thread when it stops, after its last task.
         *
         * @param beforeStop the hook to run on each exiting worker thread
         * @return this builder
         * @throws NullPointerException if {@code beforeStop} is null
         */
        public Builder beforeStop(Runnable beforeStop) {
            this.beforeStop = Objects.requireNonNull(beforeStop, "beforeStop");
            return this;
        }

        /**
         * Wraps each worker's run loop, e.g. to set up a thread-local context. The wrapper is
         * called on the worker thread with the worker and its loop, and must run the loop on
         * that thread before returning.
         *
         * @param aroundWorker the wrapper, given the worker and its run loop
         * @return this builder
         * @throws NullPointerException if {@code aroundWorker} is null
         */
        public Builder aroundWorker(BiConsumer<Worker, Runnable> aroundWorker) {
            this.aroundWorker = Objects.requireNonNull(aroundWorker, "aroundWorker");
            return this;
        }

        /**
         * Receives exceptions thrown by tasks run through {@link #execute} (tokio's panic
         * handler); by default the worker thread's own uncaught-exception handler. The worker
         * survives either way.
         *
         * @param handler the handler for exceptions thrown by tasks
         * @return this builder
         * @throws NullPointerException if {@code handler} is null
         */
        public Builder uncaughtExceptionHandler(Thread.UncaughtExceptionHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * How idle workers wait: called once per worker to create its {@link Park}. The default
         * parks with {@link java.util.concurrent.locks.LockSupport}.
         *
         * @param parkFactory creates the park of the worker with the given id
         * @return this builder
         * @throws NullPointerException if {@code parkFactory} is null
         */
        public Builder customPark(Function<WorkerId, ? extends Park> parkFactory) {
            this.parkFactory = Objects.requireNonNull(parkFactory, "parkFactory");
            return this;
        }

        /**
         * The most blocking sections handed off at once, 0..32768; default 100.
         *
         * @param maxBlocking the most concurrent blocking hand-offs; checked by {@link #build()}
         * @return this builder
         */
        public Builder maxBlocking(int maxBlocking) {
            this.maxBlocking = maxBlocking;
            return this;
        }

        /**
         * How long an idle backup thread lives; positive; default 10 seconds.
         *
         * @param keepAlive the idle lifetime of a backup thread; checked by {@link #build()}
         * @return this builder
         * @throws NullPointerException if {@code keepAlive} is null
         */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
            return this;
        }

        /**
         * The most threads {@link ThreadPool#spawnBlocking(Callable)} runs jobs on at once,
         * 1..32768; default {@value ThreadPool#DEFAULT_BLOCKING_THREADS} (tokio's). They start on
         * demand and retire after {@link #keepAlive(Duration) keepAlive} idle.
         *
         * @param blockingThreads the most blocking threads; checked by {@link #build()}
         * @return this builder
         */
        public Builder blockingThreads(int blockingThreads) {
            this.blockingThreads = blockingThreads;
            return this;
        }

        /**
         * The most {@link ThreadPool#spawnBlocking(Callable)} jobs waiting for a blocking thread,
         * {@code >= 0}; default {@value ThreadPool#DEFAULT_BLOCKING_QUEUE_CAPACITY}. With 0 a job
         * is accepted only if a thread can take it at once. A job that finds the queue full is
         * rejected with a {@link RejectedExecutionException}.
         *
         * @param blockingQueueCapacity the queue capacity; checked by {@link #build()}
         * @return this builder
         */
        public Builder blockingQueueCapacity(int blockingQueueCapacity) {
            this.blockingQueueCapacity = blockingQueueCapacity;
            return this;
        }

        /**
         * Turns on the stuck-worker detector: a daemon thread ({@code <pool name>-detector}) that
         * notices a worker whose thread has been inside one task for at least
         * {@code threshold} without a blocking section (a JDBC call, a sleep, a lock in code
         * that was never annotated), reports it once, and hands the worker's queues to a
         * backup thread so the tasks queued behind it keep running, as a blocking section
         * would. Off by default; when off it costs nothing.
         *
         * <p>Report: the pool's {@link System.Logger} {@code io.tidepool.ThreadPool} at
         * {@code WARNING}, with the worker, the thread, the task's {@code toString()} and the
         * stuck thread's stack trace, and a {@code io.tidepool.BlockingDetected} JFR event with
         * the same; {@link PoolMetrics#blockingDetectionCount()} counts them. A task is
         * reported between {@code threshold} and about {@code 1.25 * threshold} after it
         * started; a shorter one never is.
         *
         * <p>Retake: the worker moves to a backup thread only if one of the
         * {@link #maxBlocking(int) maxBlocking} permits is free (it holds the permit until the
         * stuck task ends; with {@code maxBlocking(0)} nothing is ever retaken, only reported).
         * The stuck thread finishes its task without a worker (its later submissions go to the
         * pool's inboxes; what it had queued is run by the others), then becomes an idle
         * backup thread. Cost when on: one extra plain-cost store per task on the worker, and
         * a scan of the pool's threads every {@code threshold / 4} on the detector. Not
         * available with {@link #pinnedCores}: {@link #build()} refuses the combination (a
         * reactor must not block; use {@link ThreadPool#spawnUnaffinitized}).
         *
         * @param threshold how long a task may hold a worker before it counts as stuck;
         *     positive (checked by {@link #build()}); 100 ms is a reasonable start
         * @return this builder
         * @throws NullPointerException if {@code threshold} is null
         */
        public Builder detectBlocking(Duration threshold) {
            this.detectBlocking = Objects.requireNonNull(threshold, "threshold");
            return this;
        }

        /**
         * Whether each worker keeps a histogram of poll times
         * ({@link PoolMetrics#pollTimeHistogram()}); default {@code false}. Costs one
         * {@code System.nanoTime()} call per task, which matters for tasks of a microsecond or
         * less; docs/observability.md has measurements.
         *
         * @param pollTimeHistogram {@code true} to record a poll-time histogram per worker
         * @return this builder
         */
        public Builder pollTimeHistogram(boolean pollTimeHistogram) {
            this.pollTimeHistogram = pollTimeHistogram;
            return this;
        }

        /**
         * Whether each worker keeps a histogram of schedule latencies
         * ({@link PoolMetrics#scheduleLatencyHistogram()}): the time from a task's submission
         * ({@link ThreadPool#execute}, {@link ThreadPool#spawn}), or an {@link AsyncTask}'s wake,
         * to the start of its run. Default {@code false}.
         *
         * <p>Cost when on: every submission reads {@code System.nanoTime()} and a submitted
         * {@code Runnable} is queued inside a small timestamped wrapper, so {@link #execute}
         * allocates one object per task (an async task keeps its timestamp in its own state, and
         * a wake allocates nothing); every poll is timed, as with {@link #pollTimeHistogram}.
         * The wrapper is invisible to the user: the task runs unwrapped, exceptions and JFR events
         * name the user's task, and {@link ThreadPool#shutdownNow()} returns the submitted
         * objects. When off, the submit and run paths pay one test of a final field.
         *
         * @param scheduleLatencyHistogram {@code true} to record a schedule-latency histogram per
         *     worker
         * @return this builder
         */
        public Builder scheduleLatencyHistogram(boolean scheduleLatencyHistogram) {
            this.scheduleLatencyHistogram = scheduleLatencyHistogram;
            return this;
        }

        /**
         * Polls at least this long are counted ({@link WorkerMetrics#longPollCount()}) and, when
         * a JFR recording enables it, reported as an {@code io.tidepool.LongPoll} event naming
         * the pool, the worker and the task's class. Positive; default none. Like
         * {@link #pollTimeHistogram}, it makes every poll timed.
         *
         * @param longPollThreshold the shortest poll counted as long; checked by {@link #build()}
         * @return this builder
         * @throws NullPointerException if {@code longPollThreshold} is null
         */
        public Builder longPollThreshold(Duration longPollThreshold) {
            this.longPollThreshold = Objects.requireNonNull(longPollThreshold, "longPollThreshold");
            return this;
        }

        /**
         * Whether the pool registers a {@link ThreadPoolMXBean} in the platform MBean server as
         * {@code io.tidepool:type=ThreadPool,name=<pool name>} (the name quoted if it holds
         * characters an ObjectName value cannot) while it runs; it is removed when the pool
         * terminates. Default {@code false}. With {@code true}, {@link #build()} throws
         * {@link IllegalStateException} if a running pool of the same name has one.
         *
         * @param jmx {@code true} to register the pool's MBean
         * @return this builder
         */
        public Builder jmx(boolean jmx) {
            this.jmx = jmx;
            return this;
        }

        /**
         * Puts the pool in pinned-core mode: one reactor worker per CPU of {@code cpus}, worker
         * {@code i} pinned to the {@code i}-th CPU (ascending), each pinned once when its thread
         * starts; {@link #build()} returns when every worker is pinned. The pool size is the
         * number of CPUs. Pinning uses {@code /proc} and the util-linux {@code taskset} tool
         * (no native library: see {@code docs/pinned.md}); where that is unavailable, or a pin
         * fails, the pool logs one warning and runs unpinned, unless
         * {@link #strictAffinity(boolean) strictAffinity(true)}.
         *
         * @param cpus the reactor CPUs; checked by {@link #build()}: not empty, each present in
         *     the machine and in this process's allowed set
         * @return this builder
         * @throws NullPointerException if {@code cpus} is null
         */
        public Builder pinnedCores(CpuSet cpus) {
            pinned.cpus = Objects.requireNonNull(cpus, "cpus");
            return this;
        }

        /**
         * Pinned-core mode: whether an idle reactor steals tasks from other cores (nearest CPU
         * number first); default {@code false}. Messages sent to a core
         * ({@link #core(int)}) are never stolen either way.
         *
         * @param stealing {@code true} to let idle reactors take other cores' tasks
         * @return this builder
         */
        public Builder stealing(boolean stealing) {
            pinned.stealing = stealing;
            return this;
        }

        /**
         * Pinned-core mode: creates each reactor's Agrona idle strategy, which receives the work
         * count of every loop turn. Default: {@code new BackoffIdleStrategy(100, 10, 1 µs,
         * 100 µs)}: 100 spins, 10 yields, then parks of 1 µs doubling up to 100 µs; a message or
         * task for an idling reactor unparks it at once, so the park bound only limits how late
         * a timed poller can be. {@code BusySpinIdleStrategy} gives the lowest latency at the
         * cost of a full CPU per reactor. Use only strategies that do not touch Agrona's
         * {@code UnsafeApi} (all of {@code org.agrona.concurrent.*IdleStrategy} except
         * {@code ControllableIdleStrategy}), or the JVM needs {@code --add-exports}.
         *
         * @param idleStrategy called once per reactor; must not return null
         * @return this builder
         * @throws NullPointerException if {@code idleStrategy} is null
         */
        public Builder idleStrategy(Supplier<? extends IdleStrategy> idleStrategy) {
            pinned.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
            return this;
        }

        /**
         * Pinned-core mode: whether failing to pin is an error; default {@code false} (one
         * warning through {@link System.Logger}, then unpinned workers). With {@code true},
         * {@link #build()} throws {@link IllegalStateException} on a platform without affinity
         * support or when any worker cannot be pinned.
         *
         * @param strict {@code true} to fail instead of running unpinned
         * @return this builder
         */
        public Builder strictAffinity(boolean strict) {
            pinned.strict = strict;
            return this;
        }

        /**
         * Pinned-core mode: the most unaffinitized threads ({@link #spawnUnaffinitized}) and the
         * capacity of their queue; defaults 8 and 1024.
         *
         * @param threads the most threads, {@code >= 1}; checked by {@link #build()}
         * @param queueCapacity the most queued bodies, {@code >= 1}; checked by {@link #build()}
         * @return this builder
         */
        public Builder unaffinitized(int threads, int queueCapacity) {
            pinned.unaffinitizedThreads = threads;
            pinned.unaffinitizedQueue = queueCapacity;
            return this;
        }

        /** Test hook: the affinity backend and the sink of its warnings. */
        Builder affinityBackend(AffinityBackend backend, Consumer<String> warnings) {
            pinned.backend = Objects.requireNonNull(backend, "backend");
            pinned.warnings = Objects.requireNonNull(warnings, "warnings");
            return this;
        }

        /**
         * Validates the settings and starts the pool's threads.
         *
         * @return the new, running pool
         * @throws IllegalArgumentException naming the first invalid value
         * @throws IllegalStateException if {@link #jmx(boolean) jmx(true)} and the MBean name is
         *     taken, or if {@link #strictAffinity(boolean) strictAffinity(true)} and the workers
         *     cannot be pinned
         */
        public ThreadPool build() {
            final PinnedConfig pinnedConfig = pinned.toConfig(poolSizeSet, poolSize);
            if (pinnedConfig != null) {
                poolSize = pinnedConfig.cpus().size();
            }
            if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
                throw new IllegalArgumentException(
                        "poolSize must be in 1.." + MAX_POOL_SIZE + ": " + poolSize);
            }
            if (stackSize < 0) {
                throw new IllegalArgumentException("stackSize must be >= 0: " + stackSize);
            }
            if (maxBlocking < 0 || maxBlocking > MAX_POOL_SIZE) {
                throw new IllegalArgumentException(
                        "maxBlocking must be in 0.." + MAX_POOL_SIZE + ": " + maxBlocking);
            }
            if (blockingThreads < 1 || blockingThreads > MAX_POOL_SIZE) {
                throw new IllegalArgumentException(
                        "blockingThreads must be in 1.." + MAX_POOL_SIZE + ": " + blockingThreads);
            }
            if (blockingQueueCapacity < 0) {
                throw new IllegalArgumentException(
                        "blockingQueueCapacity must be >= 0: " + blockingQueueCapacity);
            }
            if (keepAlive.isNegative() || keepAlive.isZero()) {
                throw new IllegalArgumentException("keepAlive must be positive: " + keepAlive);
            }
            if (longPollThreshold != null
                    && (longPollThreshold.isNegative() || longPollThreshold.isZero())) {
                throw new IllegalArgumentException(
                        "longPollThreshold must be positive: " + longPollThreshold);
            }
            if (detectBlocking != null && (detectBlocking.isNegative() || detectBlocking.isZero())) {
                throw new IllegalArgumentException(
                        "detectBlocking threshold must be positive: " + detectBlocking);
            }
            if (detectBlocking != null && pinnedConfig != null) {
                // a reactor must never block; its retake would also move a pinned core's queues
                // to a backup, which the reactor loop does not support
                throw new IllegalArgumentException("detectBlocking(" + detectBlocking
                        + ") is not supported with pinnedCores(" + pinnedConfig.cpus()
                        + "): a reactor must not block; use spawnUnaffinitized or spawnBlocking");
            }
            if (namePrefix != null && namePrefix.isBlank()) {
                throw new IllegalArgumentException("namePrefix must not be blank: '" + namePrefix + "'");
            }
            final String name = namePrefix != null ? namePrefix : "tidepool-" + POOL_NUMBER.incrementAndGet();
            final Function<WorkerId, ? extends Park> parks = parkFactory;
            final IntFunction<? extends Park> parkFor = parks == null
                    ? i -> new ThreadPark()
                    : i -> Objects.requireNonNull(parks.apply(new WorkerId(i)),
                            "customPark returned null for worker " + i);
            final BiConsumer<Worker, Runnable> around = aroundWorker;
            final PoolConfig config = new PoolConfig(poolSize, name, stackSize, daemon,
                    afterStart, beforeStop,
                    around == null ? null : (handle, loop) -> around.accept((Worker) handle, loop),
                    handler, parkFor, maxBlocking, keepAlive.toNanos(), blockingThreads,
                    blockingQueueCapacity,
                    detectBlocking == null ? 0L : saturatedNanos(detectBlocking), pinnedConfig);
            final MetricsConfig metrics = new MetricsConfig(pollTimeHistogram, scheduleLatencyHistogram,
                    longPollThreshold == null ? Long.MAX_VALUE : saturatedNanos(longPollThreshold),
                    jmx);
            return new ThreadPool(config, metrics);
        }

        private static long saturatedNanos(Duration d) {
            try {
                return d.toNanos();
            } catch (ArithmeticException tooLong) {
                return Long.MAX_VALUE;
            }
        }
    }
}
