package io.tidepool.internal.pool;

import io.tidepool.AsyncTask;
import io.tidepool.TaskHandle;
import io.tidepool.internal.metrics.MetricsConfig;
import io.tidepool.internal.metrics.WorkerStats;
import io.tidepool.internal.park.IdleSet;
import io.tidepool.internal.task.AsyncTaskCell;
import io.tidepool.internal.task.TaskScheduler;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The scheduler shared by all workers of one pool: submission, waking, running a task, and the
 * shutdown state machine. The implementation overview is in this package's documentation.
 */
public final class Pool implements TaskScheduler {
    private static final VarHandle LIFECYCLE;
    private static final VarHandle SEALED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LIFECYCLE = lookup.findVarHandle(Pool.class, "lifecycle", int.class);
            SEALED = lookup.findVarHandle(Pool.class, "sealed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PoolConfig config;
    private final WorkerCore[] cores;
    private final WorkerThread[] threads;
    private final IdleSet idle;
    private final boolean stealing;
    /**
     * Async tasks spawned and not yet terminal; shutdown waits for them, shutdownNow cancels them.
     */
    private final Set<AsyncTaskCell<?>> asyncTasks = ConcurrentHashMap.newKeySet();
    private final AtomicInteger liveThreads = new AtomicInteger();
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private volatile int lifecycle = Lifecycle.RUNNING;
    /** Set once every inbox is shut to new tasks and no external offer is in flight. */
    private volatile boolean sealed;
    /** Blocking permits, backup threads and the registry of live threads. */
    private final HandOffs handOffs;
    /** Pinned-core mode's reactors, or null in the default mode. */
    private final Reactors reactors;

    /**
     * Creates the pool's workers with counters only ({@link MetricsConfig#DEFAULT}); no thread
     * runs until {@link #start}.
     *
     * @param config the validated settings of the pool
     */
    public Pool(PoolConfig config) {
        this(config, MetricsConfig.DEFAULT);
    }

    /**
     * Creates the pool's workers, with the given metrics options; no thread runs until
     * {@link #start}.
     *
     * @param config the validated settings of the pool
     * @param metrics which optional timings the workers keep
     */
    public Pool(PoolConfig config, MetricsConfig metrics) {
        this.config = config;
        final int n = config.poolSize();
        this.cores = new WorkerCore[n];
        this.threads = new WorkerThread[n];
        for (int i = 0; i < n; i++) {
            cores[i] = new WorkerCore(i, config.parkFactory().apply(i),
                    new WorkerStats(i, config.name(), metrics));
        }
        this.idle = new IdleSet(n);
        this.stealing = config.pinned() == null || config.pinned().stealing();
        this.handOffs = new HandOffs(this, config.maxBlocking(), config.keepAliveNanos());
        this.reactors = config.pinned() == null ? null : new Reactors(this, config.pinned(), cores);
    }

    /** Starts one thread per worker (threads start eagerly, see the package documentation). */
    public void start() {
        final int n = cores.length;
        liveThreads.set(n);
        for (int i = 0; i < n; i++) {
            final WorkerCore core = cores[i];
            final WorkerThread t = new WorkerThread(this,
                    config.name() + "-worker-" + i, config.stackSize());
            t.setDaemon(config.daemon());
            t.core(core);
            threads[i] = t;
            handOffs.register(t);
        }
        for (WorkerThread t : threads) {
            t.start();
        }
        if (reactors != null) {
            // build() returns once every worker is pinned (or strict mode failed it)
            reactors.awaitPinned();
        }
    }

    /**
     * Body of every pool thread: hooks, then the loop (in the optional wrapper) on each core the
     * thread is given; always accounted. The loop returns still holding its core only when the
     * pool is done; a thread whose core was handed off waits as an idle backup for another.
     */
    void workerMain(WorkerThread thread) {
        WorkerCore core = thread.core();
        try {
            if (reactors != null) {
                // pinned once at start, before the hooks, so they run on the core's CPU
                reactors.pinFor(thread, core);
            }
            if (config.afterStart() != null) {
                runHook(thread, config.afterStart());
            }
            final Consumer<WorkerCore> loop = reactors == null
                    ? new WorkerLoop(this, thread)::run
                    : new ReactorLoop(this, reactors, thread)::run;
            boolean first = true;
            while (core != null) {
                if (reactors != null && !first) {
                    // a backup given a reactor's core moves to its CPU (no exec if already there)
                    reactors.pinFor(thread, core);
                }
                first = false;
                if (config.aroundWorker() == null) {
                    loop.accept(core);
                } else {
                    runWrapped(thread, core, loop);
                }
                core = thread.core() == core ? null : handOffs.awaitCore(thread);
            }
        } finally {
            try {
                if (config.beforeStop() != null) {
                    runHook(thread, config.beforeStop());
                }
            } finally {
                handOffs.unregister(thread);
                threadExited();
            }
        }
    }

    /**
     * Runs the loop inside the user's wrapper. A wrapper that throws before running the loop, or
     * returns without running it, is reported and the loop runs anyway: a worker that never runs
     * would strand its queues and keep the pool from terminating.
     */
    private void runWrapped(WorkerThread thread, WorkerCore core, Consumer<WorkerCore> loop) {
        final boolean[] ran = new boolean[1];
        final Runnable body = () -> {
            if (ran[0]) {
                throw new IllegalStateException("aroundWorker ran the worker loop twice");
            }
            ran[0] = true;
            loop.accept(core);
        };
        try {
            config.aroundWorker().accept(core.handle(), body);
        } catch (Throwable t) {
            reportUncaught(thread, t);
        }
        if (!ran[0]) {
            reportUncaught(thread, new IllegalStateException(
                    "aroundWorker returned without running the worker loop of " + thread.getName()));
            loop.accept(core);
        }
    }

    private void runHook(WorkerThread thread, Runnable hook) {
        try {
            hook.run();
        } catch (Throwable t) {
            reportUncaught(thread, t);
        }
    }

    // ------------------------------------------------------------------ submission

    /**
     * Queues a new task: on the calling worker's deque, or in a random worker's inbox.
     *
     * @param task the task to run once; not null
     * @throws RejectedExecutionException if the pool no longer accepts it
     */
    public void execute(Runnable task) {
        if (reactors != null) {
            reactors.execute(task);
            return;
        }
        final WorkerCore local = WorkerThread.currentCore(this);
        if (local != null) {
            if (!pushLocal(local, task)) {
                throw rejected(task);
            }
        } else if (!pushRemote(task, isPoolThread())) {
            // a pool thread without a core (a blocking section) spawns from inside the pool:
            // accepted after shutdown() like a spawn from a worker
            throw rejected(task);
        }
    }

    /**
     * Spawns a poll-based task.
     *
     * @param <T> the task's result type
     * @param task the task to poll; not null
     * @return the handle completed with the task's outcome
     * @throws RejectedExecutionException if the pool no longer accepts it
     */
    public <T> TaskHandle<T> spawn(AsyncTask<T> task) {
        final AsyncTaskCell<T> cell = new AsyncTaskCell<>(task, this);
        asyncTasks.add(cell);
        try {
            execute(cell);
        } catch (RejectedExecutionException e) {
            asyncTasks.remove(cell);
            // a quiescence check may have seen the cell in the set meanwhile and given up
            tryTerminate();
            throw e;
        }
        return cell;
    }

    @Override
    public boolean reschedule(Runnable task) {
        if (reactors != null) {
            return reactors.reschedule(task);
        }
        final WorkerCore local = WorkerThread.currentCore(this);
        return local != null ? pushLocal(local, task) : pushRemote(task, true);
    }

    @Override
    public void taskTerminated(AsyncTaskCell<?> cell) {
        asyncTasks.remove(cell);
        if (asyncTasks.isEmpty() && lifecycle() == Lifecycle.SHUTDOWN) {
            tryTerminate();
        }
    }

    /**
     * Pushes on the calling worker's own deque. Spawns from inside the pool are accepted until
     * STOP, so accepted work can finish after {@code shutdown()}.
     *
     * <p>Only a push onto an empty deque asks the idle set to wake someone (ForkJoinPool's
     * rule too): when the deque was already non-empty, the push that made it so did ask, a
     * worker that went to sleep since re-checked every queue and saw it, and a thief that
     * emptied it meanwhile is awake and searches again before it sleeps. A searcher that finds
     * work wakes the next, so one wake per empty-to-non-empty transition is enough to bring in
     * every idle worker while there is work to steal.
     *
     * <p>A spawn that passes the STOP check while {@code shutdownNow} sweeps may land after the
     * sweep; the worker runs it before exiting ({@link WorkerLoop}), so it is not lost: it has
     * started, and it is not in the returned list.
     */
    private boolean pushLocal(WorkerCore core, Runnable task) {
        if (lifecycle() >= Lifecycle.STOP) {
            return false;
        }
        final boolean wasEmpty = core.deque.push(task);
        core.spawnedByLast = true;
        core.stats.onLocalSchedule();
        if (wasEmpty) {
            // orders the push (a release store of bottom) before the read of the idle state:
            // Dekker with a worker going to sleep (it decrements, then re-checks every queue)
            VarHandle.fullFence();
            notifyParked();
        }
        return true;
    }

    /** Offers to a random worker's inbox, then wakes a worker if the idle protocol says so. */
    private boolean pushRemote(Runnable task, boolean resubmission) {
        if (!resubmission && lifecycle() != Lifecycle.RUNNING) {
            return false;
        }
        final int n = cores.length;
        final WorkerCore target = cores[n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n)];
        if (!target.inbox.offer(task, resubmission)) {
            return false;
        }
        // the inbox gate's exit is a volatile getAndAdd after the queue offer, so it is totally
        // ordered before the volatile read of the idle state in notifyParked(): no extra fence
        notifyParked();
        return true;
    }

    /**
     * Wakes one parked worker if nobody is searching, after a worker moved tasks into its own
     * deque: the fence orders those release stores before the read of the idle state.
     */
    void notifyParkedAfterPush() {
        VarHandle.fullFence();
        notifyParked();
    }

    /**
     * Wakes one parked worker if nobody is searching. The caller published work and then issued
     * a full fence or a volatile read-modify-write.
     */
    void notifyParked() {
        final int index = idle.workerToNotify();
        if (index >= 0) {
            cores[index].unpark.unpark();
        }
    }

    RejectedExecutionException rejected(Runnable task) {
        return new RejectedExecutionException("Task " + task + " rejected from " + config.name()
                + " [" + Lifecycle.name(lifecycle()) + "]");
    }

    // ------------------------------------------------------------------ running

    /** Runs one task on a worker; a throwing task never kills the worker. */
    void runTask(WorkerCore core, WorkerThread thread, Runnable task) {
        final long pollStart = core.stats.beforePoll();
        // only a running task may hand the core off (not a hook or the aroundWorker wrapper)
        thread.runningTask = true;
        try {
            task.run();
        } catch (Throwable t) {
            reportUncaught(thread, t);
        }
        thread.runningTask = false;
        if (thread.core() == core) {
            core.stats.afterPoll(pollStart, task);
        } else {
            // the task handed the core off: another thread owns its fields now
            handOffs.handedOffTaskEnded();
        }
        if (lifecycle() < Lifecycle.STOP) {
            // an interrupt aimed at the finished task must not leak into the next one
            Thread.interrupted();
        }
    }

    void reportUncaught(Thread thread, Throwable t) {
        try {
            final Thread.UncaughtExceptionHandler h = config.uncaughtExceptionHandler() != null
                    ? config.uncaughtExceptionHandler()
                    : thread.getUncaughtExceptionHandler();
            h.uncaughtException(thread, t);
        } catch (Throwable ignored) {
            // a failing handler must not kill the worker either
        }
    }

    // ------------------------------------------------------------------ shutdown

    /** Refuses new external tasks; queued and spawned-from-inside work still runs. */
    public void shutdown() {
        if (!casLifecycle(Lifecycle.RUNNING, Lifecycle.SHUTDOWN)) {
            return;
        }
        for (WorkerCore core : cores) {
            core.inbox.shut();
        }
        if (reactors != null) {
            reactors.shutMessages();
        }
        svSealed(true);
        if (reactors != null) {
            // idling reactors see SHUTDOWN now, close their pollers and go to sleep
            reactors.wakeAll();
            reactors.shutdownUnaffinitized();
        }
        tryTerminate();
    }

    /**
     * Stops: refuses everything, hands back every queued task that never started, cancels async
     * tasks, interrupts running tasks.
     *
     * @return a new list of the queued tasks that never started; empty if already stopped
     */
    public List<Runnable> shutdownNow() {
        while (true) {
            final int ls = lifecycle();
            if (ls >= Lifecycle.STOP) {
                return new ArrayList<>();
            }
            if (casLifecycle(ls, Lifecycle.STOP)) {
                break;
            }
        }
        final List<Runnable> unstarted = new ArrayList<>();
        for (WorkerCore core : cores) {
            core.inbox.close();
        }
        if (reactors != null) {
            reactors.closeMessages();
            reactors.drainMessages(unstarted);
        }
        for (WorkerCore core : cores) {
            while (!core.inbox.tryClaim()) {
                Thread.onSpinWait();
            }
            try {
                core.inbox.drain(unstarted::add, Integer.MAX_VALUE);
            } finally {
                core.inbox.release();
            }
            core.deque.stealAll(unstarted::add);
        }
        unstarted.removeIf(t -> t instanceof AsyncTaskCell<?>);
        for (AsyncTaskCell<?> cell : asyncTasks.toArray(new AsyncTaskCell<?>[0])) {
            cell.cancelForShutdown();
        }
        // every live thread: workers, blocking sections, backups
        handOffs.interruptAll();
        wakeAll();
        handOffs.wakeIdleBackups();
        if (reactors != null) {
            reactors.wakeAll();
            reactors.shutdownNowUnaffinitized();
        }
        return unstarted;
    }

    /** Moves SHUTDOWN to TIDYING when nothing can ever run again. Any thread; idempotent. */
    void tryTerminate() {
        if (lifecycle() != Lifecycle.SHUTDOWN || !lvSealed()) {
            return;
        }
        // no task that handed its core off still running (read first: such a task publishes
        // its work before its count drops), every worker parked, no async task alive (nothing
        // can be woken), every queue empty: with external submissions sealed, nothing can
        // create work any more
        if (handOffs.lvHandedOffTasks() != 0 || idle.unparkedCount() != 0
                || !asyncTasks.isEmpty() || anyQueueLooksNonEmpty()) {
            return;
        }
        if (casLifecycle(Lifecycle.SHUTDOWN, Lifecycle.TIDYING)) {
            for (WorkerCore core : cores) {
                core.inbox.close();
            }
            if (reactors != null) {
                reactors.closeMessages();
                reactors.wakeAll();
            }
            wakeAll();
            handOffs.wakeIdleBackups();
        }
    }

    private void wakeAll() {
        for (WorkerCore core : cores) {
            idle.unparkById(core.index);
            core.unpark.unpark();
        }
    }

    /** Counts a thread about to start for a hand-off; the caller starts it. */
    void threadStarting() {
        liveThreads.incrementAndGet();
    }

    /** Undoes {@link #threadStarting()} when the thread could not start. */
    void threadStartFailed() {
        threadExited();
    }

    private void threadExited() {
        if (liveThreads.decrementAndGet() == 0) {
            svLifecycle(Lifecycle.TERMINATED);
            termination.complete(null);
        }
    }

    // ------------------------------------------------------------------ queries

    boolean anyQueueLooksNonEmpty() {
        for (WorkerCore core : cores) {
            if (!core.queuesLookEmpty()) {
                return true;
            }
        }
        return reactors != null && reactors.anyMessagesQueued();
    }

    int lifecycle() {
        return (int) LIFECYCLE.getVolatile(this);
    }

    /** {@return whether shutdown or shutdownNow was called} */
    public boolean isShutdown() {
        return lifecycle() != Lifecycle.RUNNING;
    }

    /** {@return whether every worker thread has exited} */
    public boolean isTerminated() {
        return termination.isDone();
    }

    /** {@return the pool's own future, completed when every worker thread has exited} */
    public CompletableFuture<Void> termination() {
        return termination;
    }

    /**
     * Whether the calling thread is one of this pool's threads: a worker, a thread in a blocking
     * section, or a backup.
     *
     * @return {@code true} on any thread this pool started
     */
    public boolean isWorkerThread() {
        return isPoolThread();
    }

    private boolean isPoolThread() {
        return Thread.currentThread() instanceof WorkerThread w && w.pool == this;
    }

    HandOffs handOffs() {
        return handOffs;
    }

    WorkerCore[] cores() {
        return cores;
    }

    IdleSet idle() {
        return idle;
    }

    boolean stealingEnabled() {
        return stealing;
    }

    /** {@return pinned-core mode's reactors, or null in the default mode} */
    public Reactors reactors() {
        return reactors;
    }

    /** {@return the worker cores by index, unmodifiable, for the public facade} */
    public List<WorkerCore> workerCores() {
        return List.of(cores);
    }

    /** {@return the pool's configuration} */
    public PoolConfig config() {
        return config;
    }

    /** {@return a one-line state summary, in the spirit of ForkJoinPool's} */
    public String describe() {
        return PoolSampler.sample(this).summary();
    }

    /** Async tasks spawned and not yet complete or cancelled; any thread, a moment's count. */
    int aliveAsyncTasks() {
        return asyncTasks.size();
    }

    private boolean casLifecycle(int expected, int value) {
        return LIFECYCLE.compareAndSet(this, expected, value);
    }

    private void svLifecycle(int value) {
        LIFECYCLE.setVolatile(this, value);
    }

    private boolean lvSealed() {
        return (boolean) SEALED.getVolatile(this);
    }

    private void svSealed(boolean value) {
        SEALED.setVolatile(this, value);
    }
}
