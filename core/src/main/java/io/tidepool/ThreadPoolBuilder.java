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

import io.tidepool.internal.affinity.AffinityBackend;
import io.tidepool.internal.metrics.MetricsConfig;
import io.tidepool.internal.park.ThreadPark;
import io.tidepool.internal.task.TaskDecoration;
import io.tidepool.internal.timer.TimerClock;
import io.tidepool.internal.timer.TimerConfig;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.PoolConfig;
import io.tidepool.internal.reactor.PinnedConfig;
import io.tidepool.pinned.CpuSet;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.management.ObjectName;
import org.agrona.concurrent.IdleStrategy;

/**
 * Builds a {@link ThreadPool}. Setters check for null at once; {@link #build()} checks every
 * value and names the bad one. Not thread-safe.
 */
public final class ThreadPoolBuilder {
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();
    /** Largest {@link #stackSize(long)}: 1 GiB, far above any stack a task needs. */
    static final long MAX_STACK_SIZE = 1L << 30;

    private int poolSize = Runtime.getRuntime().availableProcessors();
    private String namePrefix;
    private long stackSize;
    private boolean daemon = true;
    private Runnable afterStart;
    private Runnable beforeStop;
    private BiConsumer<Worker, Runnable> aroundWorker;
    private Thread.UncaughtExceptionHandler handler;
    private UnaryOperator<Runnable> taskDecorator;
    private ContextPropagator contextPropagator;
    private Function<WorkerId, ? extends Park> parkFactory;
    private int maxBlocking = 100;
    private Duration keepAlive = Duration.ofSeconds(10);
    private int blockingThreads = ThreadPool.DEFAULT_BLOCKING_THREADS;
    private int blockingQueueCapacity = ThreadPool.DEFAULT_BLOCKING_QUEUE_CAPACITY;
    private boolean pollTimeHistogram;
    private boolean scheduleLatencyHistogram;
    private Duration longPollThreshold;
    private boolean jmx;
    private Duration detectBlocking;
    private boolean poolSizeSet;
    private final PinnedOptions pinned = new PinnedOptions();
    private boolean delayedAfterShutdown = true;
    private boolean periodicAfterShutdown;
    private VirtualClock virtualClock;

    ThreadPoolBuilder() {}

    /**
     * Number of workers, 1..32768; default: available processors.
     *
     * @param poolSize the number of worker threads; checked by {@link #build()}
     * @return this builder
     */
    public ThreadPoolBuilder poolSize(int poolSize) {
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
    public ThreadPoolBuilder namePrefix(String namePrefix) {
        this.namePrefix = Objects.requireNonNull(namePrefix, "namePrefix");
        return this;
    }

    /**
     * Worker thread stack size in bytes, 0 for the platform default (the default). At most 1 GiB;
     * if the system cannot reserve the stack, {@link #build()} throws an
     * {@link IllegalArgumentException} naming the size.
     *
     * @param stackSize the stack size in bytes, {@code 0..2^30}; checked by {@link #build()}
     * @return this builder
     */
    public ThreadPoolBuilder stackSize(long stackSize) {
        this.stackSize = stackSize;
        return this;
    }

    /**
     * Whether worker threads are daemons; default {@code true}, as ForkJoinPool's.
     *
     * @param daemon {@code true} for daemon worker threads
     * @return this builder
     */
    public ThreadPoolBuilder daemon(boolean daemon) {
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
    public ThreadPoolBuilder afterStart(Runnable afterStart) {
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
    public ThreadPoolBuilder beforeStop(Runnable beforeStop) {
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
    public ThreadPoolBuilder aroundWorker(BiConsumer<Worker, Runnable> aroundWorker) {
        this.aroundWorker = Objects.requireNonNull(aroundWorker, "aroundWorker");
        return this;
    }

    /**
     * Decorates every {@code Runnable} as it is submitted, with the meaning of Spring's
     * {@code TaskDecorator}: called on the submitting thread, at submission; what it returns
     * runs on the pool in place of the task. It applies to every way a {@code Runnable} enters:
     * {@link ThreadPool#execute}, {@code spawn(Runnable)}, {@code submit}, {@code invokeAll} and
     * {@code invokeAny} (the decorator then sees the {@code FutureTask} the executor made),
     * {@link ThreadPool#spawnBlocking} (a {@code Runnable} that runs the body),
     * pinned {@code core(i).execute} and {@code send}, and {@code spawnUnaffinitized}. It does
     * not apply to the polls of an {@link AsyncTask}, which a one-shot wrapper cannot surround:
     * use {@link #contextPropagator} for those.
     *
     * <p>The decorator's result is what runs, but the original task is what the pool reports:
     * JFR events, the stuck-task report, rejection messages and the list {@code shutdownNow()}
     * returns name the submitted task. A decorator that throws fails the submission (the task
     * is not accepted); one that returns null fails it with a {@code NullPointerException}.
     *
     * <p>Off by default, and then free: the submission path tests one final field. When set, a
     * submission costs the decorator's call and one small wrapper object.
     *
     * @param taskDecorator called with each submitted task on the submitting thread
     * @return this builder
     * @throws NullPointerException if {@code taskDecorator} is null
     */
    public ThreadPoolBuilder taskDecorator(UnaryOperator<Runnable> taskDecorator) {
        this.taskDecorator = Objects.requireNonNull(taskDecorator, "taskDecorator");
        return this;
    }

    /**
     * Carries a context from each submitting thread to the work it submits, async tasks
     * included: {@link ContextPropagator#capture()} on the submitting thread at submission, and
     * {@link ContextPropagator#restore(Object)} around the run of a {@code Runnable} (every
     * entry listed for {@link #taskDecorator}) and around <em>every</em> poll of an
     * {@link AsyncTask} (spawned or detached), wherever the task was woken from. With a task
     * decorator too, the decorated task runs inside the restored context.
     * {@code io.tidepool.micrometer.ContextSnapshots} adapts Micrometer's context-propagation
     * library to it.
     *
     * <p>Reports name the original task, as for {@link #taskDecorator}. Off by default, and
     * then free: the submission path tests one final field, and a poll one field of its cell.
     *
     * @param contextPropagator captures and restores the context
     * @return this builder
     * @throws NullPointerException if {@code contextPropagator} is null
     */
    public ThreadPoolBuilder contextPropagator(ContextPropagator contextPropagator) {
        this.contextPropagator = Objects.requireNonNull(contextPropagator, "contextPropagator");
        return this;
    }

    /**
     * Receives exceptions thrown by tasks run through {@link ThreadPool#execute} (tokio's panic
     * handler); by default the worker thread's own uncaught-exception handler. The worker
     * survives either way.
     *
     * @param handler the handler for exceptions thrown by tasks
     * @return this builder
     * @throws NullPointerException if {@code handler} is null
     */
    public ThreadPoolBuilder uncaughtExceptionHandler(Thread.UncaughtExceptionHandler handler) {
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
    public ThreadPoolBuilder customPark(Function<WorkerId, ? extends Park> parkFactory) {
        this.parkFactory = Objects.requireNonNull(parkFactory, "parkFactory");
        return this;
    }

    /**
     * The most blocking sections handed off at once, 0..32768; default 100.
     *
     * @param maxBlocking the most concurrent blocking hand-offs; checked by {@link #build()}
     * @return this builder
     */
    public ThreadPoolBuilder maxBlocking(int maxBlocking) {
        this.maxBlocking = maxBlocking;
        return this;
    }

    /**
     * How long an idle backup thread lives; positive; default 10 seconds. A duration too long
     * for a {@code long} of nanoseconds (about 292 years) counts as forever.
     *
     * @param keepAlive the idle lifetime of a backup thread; checked by {@link #build()}
     * @return this builder
     * @throws NullPointerException if {@code keepAlive} is null
     */
    public ThreadPoolBuilder keepAlive(Duration keepAlive) {
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
    public ThreadPoolBuilder blockingThreads(int blockingThreads) {
        this.blockingThreads = blockingThreads;
        return this;
    }

    /**
     * The most {@link ThreadPool#spawnBlocking(Callable)} jobs waiting for a blocking thread,
     * {@code 0..}{@value ThreadPool#MAX_QUEUE_CAPACITY}; default
     * {@value ThreadPool#DEFAULT_BLOCKING_QUEUE_CAPACITY}. With 0 a job
     * is accepted only if a thread can take it at once. A job that finds the queue full is
     * rejected with a {@link RejectedExecutionException}.
     *
     * @param blockingQueueCapacity the queue capacity; checked by {@link #build()}
     * @return this builder
     */
    public ThreadPoolBuilder blockingQueueCapacity(int blockingQueueCapacity) {
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
    public ThreadPoolBuilder detectBlocking(Duration threshold) {
        this.detectBlocking = Objects.requireNonNull(threshold, "threshold");
        return this;
    }

    /**
     * Whether each worker keeps a histogram of poll times
     * ({@link PoolMetrics#pollTimeHistogram()}); default {@code false}. Costs one
     * {@code System.nanoTime()} call per task, which matters for tasks of a microsecond or
     * less; docs/notes/metrics-cost.md has measurements.
     *
     * @param pollTimeHistogram {@code true} to record a poll-time histogram per worker
     * @return this builder
     */
    public ThreadPoolBuilder pollTimeHistogram(boolean pollTimeHistogram) {
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
     * {@code Runnable} is queued inside a small timestamped wrapper, so {@link ThreadPool#execute}
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
    public ThreadPoolBuilder scheduleLatencyHistogram(boolean scheduleLatencyHistogram) {
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
    public ThreadPoolBuilder longPollThreshold(Duration longPollThreshold) {
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
    public ThreadPoolBuilder jmx(boolean jmx) {
        this.jmx = jmx;
        return this;
    }

    /**
     * Whether delayed tasks ({@code schedule}) still run after {@link ThreadPool#shutdown()};
     * default {@code true}, as {@code ScheduledThreadPoolExecutor}. With {@code false},
     * {@code shutdown()} cancels those whose deadline has not passed.
     *
     * @param run {@code true} to run them
     * @return this builder
     */
    public ThreadPoolBuilder delayedTasksAfterShutdown(boolean run) {
        this.delayedAfterShutdown = run;
        return this;
    }

    /**
     * Whether periodic tasks ({@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}) go
     * on after {@link ThreadPool#shutdown()}; default {@code false}, as
     * {@code ScheduledThreadPoolExecutor}: {@code shutdown()} cancels them. With {@code true}
     * the pool does not terminate until they are cancelled or fail.
     *
     * @param run {@code true} to keep them running
     * @return this builder
     */
    public ThreadPoolBuilder periodicTasksAfterShutdown(boolean run) {
        this.periodicAfterShutdown = run;
        return this;
    }

    /**
     * Gives the pool's timers a virtual clock, for tests: delays, deadlines,
     * {@code getDelay}, async sleeps and task timeouts then follow {@code clock}, which moves
     * only when the test calls {@link VirtualClock#advance}; a timer fires on the first
     * advance that reaches its deadline, so timeout logic is tested in milliseconds. A clock
     * serves one pool. The pool's metrics keep real time.
     *
     * @param clock the clock
     * @return this builder
     */
    public ThreadPoolBuilder virtualClock(VirtualClock clock) {
        this.virtualClock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Puts the pool in pinned-core mode: one reactor worker per CPU of {@code cpus}, worker
     * {@code i} pinned to the {@code i}-th CPU (ascending), each pinned once when its thread
     * starts; {@link #build()} returns when every worker is pinned. The pool size is the
     * number of CPUs. Pinning uses {@code /proc} and the util-linux {@code taskset} tool
     * (no native library: see {@code docs/guide/pinned.md}); where that is unavailable, or a pin
     * fails, the pool logs one warning and runs unpinned, unless
     * {@link #strictAffinity(boolean) strictAffinity(true)}.
     *
     * @param cpus the reactor CPUs; checked by {@link #build()}: not empty, each present in
     *     the machine and in this process's allowed set
     * @return this builder
     * @throws NullPointerException if {@code cpus} is null
     */
    public ThreadPoolBuilder pinnedCores(CpuSet cpus) {
        pinned.cpus = Objects.requireNonNull(cpus, "cpus");
        return this;
    }

    /**
     * Pinned-core mode: whether an idle reactor steals tasks from other cores (nearest CPU
     * number first); default {@code false}. Messages sent to a core
     * ({@link ThreadPool#core(int)}) are never stolen either way.
     *
     * @param stealing {@code true} to let idle reactors take other cores' tasks
     * @return this builder
     */
    public ThreadPoolBuilder stealing(boolean stealing) {
        pinned.stealing = stealing;
        return this;
    }

    /**
     * Pinned-core mode: creates each reactor's Agrona idle strategy, which receives the work
     * count of every loop turn. Without this setting reactors use tidepool's built-in backoff,
     * which needs no Agrona: 100 spins, 10 yields, then parks of 1 µs doubling up to 100 µs
     * (the bounds of Agrona's {@code new BackoffIdleStrategy(100, 10, 1 µs, 100 µs)}); a
     * message or task for an idling reactor unparks it at once, so the park bound only limits
     * how late a timed poller can be. {@code BusySpinIdleStrategy} gives the lowest latency at
     * the cost of a full CPU per reactor. Use only strategies that do not touch Agrona's
     * {@code UnsafeApi} (all of {@code org.agrona.concurrent.*IdleStrategy} except
     * {@code ControllableIdleStrategy}), or the JVM needs {@code --add-exports}.
     *
     * <p>Agrona ({@code org.agrona:agrona}) is an optional dependency of tidepool: an
     * application that calls this method adds it (and, in a named module,
     * {@code requires org.agrona}); without it {@link #build()} throws
     * {@link IllegalStateException} naming the dependency.
     *
     * @param idleStrategy called once per reactor; must not return null
     * @return this builder
     * @throws NullPointerException if {@code idleStrategy} is null
     */
    public ThreadPoolBuilder idleStrategy(Supplier<? extends IdleStrategy> idleStrategy) {
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
    public ThreadPoolBuilder strictAffinity(boolean strict) {
        pinned.strict = strict;
        return this;
    }

    /**
     * Pinned-core mode: the most unaffinitized threads ({@link ThreadPool#spawnUnaffinitized}) and the
     * capacity of their queue; defaults 8 and 1024.
     *
     * @param threads the most threads, {@code >= 1}; checked by {@link #build()}
     * @param queueCapacity the most queued bodies, {@code 1..}{@value ThreadPool#MAX_QUEUE_CAPACITY};
     *     checked by {@link #build()}
     * @return this builder
     */
    public ThreadPoolBuilder unaffinitized(int threads, int queueCapacity) {
        pinned.unaffinitizedThreads = threads;
        pinned.unaffinitizedQueue = queueCapacity;
        return this;
    }

    /** Test hook: the affinity backend and the sink of its warnings. */
    ThreadPoolBuilder affinityBackend(AffinityBackend backend, Consumer<String> warnings) {
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
        if (poolSize < 1 || poolSize > ThreadPool.MAX_POOL_SIZE) {
            throw new IllegalArgumentException(
                    "poolSize must be in 1.." + ThreadPool.MAX_POOL_SIZE + ": " + poolSize);
        }
        if (stackSize < 0 || stackSize > MAX_STACK_SIZE) {
            throw new IllegalArgumentException(
                    "stackSize must be in 0.." + MAX_STACK_SIZE + ": " + stackSize);
        }
        if (maxBlocking < 0 || maxBlocking > ThreadPool.MAX_POOL_SIZE) {
            throw new IllegalArgumentException(
                    "maxBlocking must be in 0.." + ThreadPool.MAX_POOL_SIZE + ": " + maxBlocking);
        }
        if (blockingThreads < 1 || blockingThreads > ThreadPool.MAX_POOL_SIZE) {
            throw new IllegalArgumentException(
                    "blockingThreads must be in 1.." + ThreadPool.MAX_POOL_SIZE + ": " + blockingThreads);
        }
        if (blockingQueueCapacity < 0 || blockingQueueCapacity > ThreadPool.MAX_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("blockingQueueCapacity must be in 0.."
                    + ThreadPool.MAX_QUEUE_CAPACITY + ": " + blockingQueueCapacity);
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
        if (virtualClock != null && virtualClock.inUse()) {
            throw new IllegalArgumentException("virtualClock " + virtualClock
                    + " already serves a pool; give each pool its own");
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
                handler, parkFor, maxBlocking, saturatedNanos(keepAlive), blockingThreads,
                blockingQueueCapacity,
                detectBlocking == null ? 0L : saturatedNanos(detectBlocking),
                TaskDecoration.of(taskDecorator, contextPropagator));
        final MetricsConfig metrics = new MetricsConfig(pollTimeHistogram, scheduleLatencyHistogram,
                longPollThreshold == null ? Long.MAX_VALUE : saturatedNanos(longPollThreshold),
                jmx);
        try {
            return new ThreadPool(config, pinnedConfig, metrics, new TimerConfig(
                    virtualClock == null ? TimerClock.SYSTEM : virtualClock.time(),
                    delayedAfterShutdown, periodicAfterShutdown));
        } catch (OutOfMemoryError e) {
            if (stackSize == 0) {
                throw e;
            }
            // what a thread start reports when its stack cannot be reserved
            throw new IllegalArgumentException("could not start the pool's threads with stackSize "
                    + stackSize + " bytes: " + e.getMessage(), e);
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
