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

import io.tidepool.internal.metrics.MetricsConfig;
import io.tidepool.internal.metrics.TimestampedTask;
import io.tidepool.internal.metrics.WorkerStats;
import io.tidepool.internal.park.IdleSet;
import io.tidepool.internal.park.Parks;
import io.tidepool.internal.queue.Inbox;
import io.tidepool.internal.queue.WorkStealingDeque;
import io.tidepool.internal.task.AsyncTaskCell;
import io.tidepool.internal.task.DecoratedTask;
import io.tidepool.internal.timer.TimerConfig;
import io.tidepool.internal.timer.Timers;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The scheduler shared by all workers of one pool: its lifecycle (start, shutdown, termination)
 * and the waking of parked workers. Work enters through {@link Submissions}, and a task runs in
 * {@link TaskRunner}. The implementation overview is in this package's documentation.
 */
public final class Pool {
    private static final VarHandle LIFECYCLE;
    private static final VarHandle SEALED;
    private static final VarHandle CORE_SLOT = MethodHandles.arrayElementVarHandle(WorkerCore[].class);

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
    /** Whether submissions are timestamped: shutdownNow then unwraps what it hands back. */
    private final boolean scheduleLatency;
    /** Whether tasks are decorated: shutdownNow then unwraps what it hands back. */
    private final boolean decorated;
    /**
     * Async tasks spawned and not yet terminal; shutdown waits for them, shutdownNow cancels them.
     */
    private final Set<AsyncTaskCell<?>> asyncTasks = ConcurrentHashMap.newKeySet();
    private final AtomicInteger liveThreads = new AtomicInteger();
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    /**
     * The context class loader of the thread that built the pool: threads made on demand
     * (spawnBlocking, unaffinitized) take it rather than their triggering caller's.
     */
    private final ClassLoader creatorLoader = Thread.currentThread().getContextClassLoader();
    private volatile int lifecycle = Lifecycle.RUNNING;
    /** Set once every inbox is shut to new tasks and no external offer is in flight. */
    private volatile boolean sealed;
    /** The hand-off layer: blocking sections, backup threads, the monitor, spawnBlocking. */
    private final HandOffHooks handOffs;
    /** Runs each task on a worker (see {@link TaskRunner}). */
    private final TaskRunner runner;
    /**
     * Whether the monitor may retake a worker (a deferred blocking section or detection): a
     * parking worker then re-checks, under the idle-set lock, that its thread still holds it.
     */
    private final boolean retaking;
    /**
     * Deques of retaken cores, still owned by their stuck threads: thieves, the sleep re-check,
     * the quiescence check and the shutdownNow sweep visit them too.
     */
    private final Orphans orphans = new Orphans();
    /** Where tasks go and which loop runs them: {@link WorkStealingMode} or pinned-core mode. */
    private final PoolMode mode;
    /** The ways work enters the pool. */
    private final Submissions submissions;
    /**
     * The public object this pool serves ({@code io.tidepool.ThreadPool}), for
     * {@code ThreadPool.current()}; set once before {@link #start}, null for a pool built alone.
     */
    private volatile Object facade;
    /** The workers' timer wheels, the clock and the shutdown policies of delayed tasks. */
    private final Timers timers;

    /**
     * Creates the pool's workers; no thread runs until {@link #start}.
     *
     * @param config the validated settings of the pool
     * @param metrics which optional timings the workers keep
     * @param timerConfig the timers' clock and shutdown policies
     * @param mode creates the pool's mode from the pool (its cores exist), or null: work-stealing
     * @param handOffs creates the hand-off layer from the pool (its cores and mode exist)
     */
    public Pool(PoolConfig config, MetricsConfig metrics, TimerConfig timerConfig,
            Function<Pool, ? extends PoolMode> mode, Function<Pool, ? extends HandOffHooks> handOffs) {
        this.config = config;
        final int n = config.poolSize();
        this.cores = new WorkerCore[n];
        this.threads = new WorkerThread[n];
        final long timerOrigin = timerConfig.clock().nanoTime();
        for (int i = 0; i < n; i++) {
            // a worker parks until its next deadline; a reactor polls its wheel every turn
            cores[i] = new WorkerCore(i, config.parkFactory().apply(i),
                    new WorkerStats(i, config.name(), metrics),
                    config.bounded() ? Inbox.quotas(config.maxQueued(), i, n) : null,
                    timerOrigin, mode == null);
        }
        this.timers = PoolTimerHost.timers(this, timerConfig);
        this.idle = new IdleSet(n);
        this.mode = mode == null ? new WorkStealingMode(this) : mode.apply(this);
        this.scheduleLatency = metrics.scheduleLatencyHistogram();
        this.decorated = config.decoration() != null;
        this.handOffs = handOffs.apply(this);
        this.retaking = this.handOffs.retakes();
        this.submissions = new Submissions(this, this.mode, config.decoration(),
                scheduleLatency, asyncTasks, this.handOffs);
        this.runner = new TaskRunner(this, config, metrics, this.handOffs);
    }

    /** Starts one thread per worker (threads start eagerly, see the package documentation). */
    public void start() {
        final int n = cores.length;
        liveThreads.set(n);
        for (int i = 0; i < n; i++) {
            final WorkerCore core = cores[i];
            final WorkerThread t = new WorkerThread(this,
                    config.workerThreadName(i), config.stackSize());
            t.setDaemon(config.daemon());
            t.svCore(core);
            threads[i] = t;
        }
        // registers the workers; the monitor thread, if any, starts before them (counted as a
        // live thread)
        int started = 0;
        try {
            handOffs.start(threads);
            for (WorkerThread t : threads) {
                ThreadStarts.start(t);
                started++;
            }
        } catch (RuntimeException | Error e) {
            abortStart(started);
            throw e;
        }
        // pinned-core mode: build() returns once every worker is pinned (or strict mode failed it)
        mode.started();
    }

    /**
     * A thread could not start (the process is out of threads or memory): build() fails and
     * leaves nothing behind. The workers that never started are counted out, the pool stops
     * (as shutdownNow: nothing was submitted yet), and the threads that did start, workers and
     * monitor, are joined before the failure goes on.
     *
     * @param started how many workers started
     */
    private void abortStart(int started) {
        for (int i = started; i < threads.length; i++) {
            handOffs.exited(threads[i]);
            threadExited();
        }
        shutdownNow();
        boolean interrupted = false;
        for (int i = 0; i < started; i++) {
            interrupted |= PoolThread.joinUninterruptibly(threads[i]);
        }
        interrupted |= handOffs.joinStarted();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ waking

    /**
     * Wakes one parked worker if nobody is searching, after a worker moved tasks into its own
     * deque: the fence orders those release stores before the read of the idle state.
     */
    public void notifyParkedAfterPush() {
        VarHandle.fullFence();
        notifyParked();
    }

    /**
     * Called on a worker's thread just before it blocks while keeping its queues (a blocking
     * section that runs inline): wakes a parked worker if those queues hold work.
     *
     * <p>Why it is needed: a push onto the own deque wakes only when it finds the deque empty,
     * and that look is made before the push publishes, so a thief can take the last task in
     * between, look once more, find nothing and park, while the push, having seen a task,
     * wakes nobody ({@link WorkStealingMode#pushLocal}). A worker that goes on running tasks
     * runs what it pushed itself; one that blocks would leave it there, with every other
     * worker asleep, until it unblocks. The fence orders every earlier push before the read
     * of the idle state: Dekker with a parking worker, which counts itself parked and then
     * looks at every queue, so either that look sees these tasks or this read sees it parked.
     *
     * @param core the core the calling thread holds
     */
    public void notifyIfQueued(WorkerCore core) {
        VarHandle.fullFence();
        if (!core.queuesLookEmpty()) {
            notifyParked();
        }
    }

    /**
     * Wakes one parked worker if nobody is searching. The caller published work and then issued
     * a full fence or a volatile read-modify-write.
     */
    public void notifyParked() {
        // the common case, nobody to wake, is a volatile load and a compare here; choosing a
        // sleeper and unparking it stay out of line, so that every submission path that
        // inlines this method stays small enough to be inlined itself (InlineSmallCode)
        if (idle.anyToWake()) {
            wakeOne();
        }
    }

    /** {@link #notifyParked} once the counts said someone sleeps and nobody searches. */
    private void wakeOne() {
        final int index = idle.workerToNotify();
        if (index >= 0) {
            try {
                cores[index].unpark.unpark();
            } catch (Throwable t) {
                wakeFailed(index, t);
            }
        }
    }

    /**
     * A chosen worker's unpark threw (user code with a custom park, or an overflow on a stack
     * at its limit): the wake is withdrawn (the worker, counted as searching, would otherwise
     * never search and no later submission would wake anyone), the failure is reported, and
     * another worker is chosen; each worker is tried at most once more. If every unpark throws,
     * the pool is left consistent, every worker parked, and the next submission tries again.
     *
     * <p>The withdrawal comes before the report: it runs on the stack the idle set's probe
     * found, while the report calls the pool's handler, which may need any amount of it. A
     * report that throws (an overflow) leaves the pool consistent and ends the retries.
     */
    private void wakeFailed(int index, Throwable failure) {
        int chosen = index;
        Throwable t = failure;
        for (int attempt = 0; ; attempt++) {
            final boolean withdrawn = idle.withdrawWake(chosen);
            runner.reportUncaught(Thread.currentThread(), t);
            if (!withdrawn || attempt == cores.length) {
                // woken anyway (it searches), or out of tries
                return;
            }
            chosen = idle.workerToNotify();
            if (chosen < 0) {
                return;
            }
            try {
                cores[chosen].unpark.unpark();
                return;
            } catch (Throwable e) {
                t = e;
            }
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
        mode.shut();
        svSealed(true);
        // the delayed and periodic tasks the shutdown policies end
        timers.shutdown();
        // pinned-core mode: idling reactors see SHUTDOWN now, close their pollers and sleep
        mode.sealed();
        // a submission whose wake failed after its task was queued (an overflow at the stack
        // probe, a custom unpark that threw) left the task with every worker parked; only a
        // worker can run it and then find the pool quiescent (the full fence orders the
        // seal before the reads of the queues and of the idle state)
        VarHandle.fullFence();
        if (anyQueueLooksNonEmpty()) {
            notifyParked();
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
            final int ls = lvLifecycle();
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
        mode.stopQueues(unstarted);
        // timers first: a timer turn in progress finishes its pushes before the deques are swept
        timers.stop(unstarted);
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
        for (WorkStealingDeque<Runnable> orphan : orphans.lvDeques()) {
            orphan.stealAll(unstarted::add);
        }
        unstarted.removeIf(t -> t instanceof AsyncTaskCell<?> || Timers.isInternal(t));
        if (scheduleLatency) {
            // hand back what the user submitted, not the timestamp wrappers
            unstarted.replaceAll(TimestampedTask::unwrap);
        }
        if (decorated) {
            // and the user's tasks, not what the decorator made of them
            unstarted.replaceAll(DecoratedTask::unwrap);
        }
        for (AsyncTaskCell<?> cell : asyncTasks.toArray(new AsyncTaskCell<?>[0])) {
            cell.cancelForShutdown();
        }
        // every live thread: workers, blocking sections, backups; then the blocking jobs
        handOffs.stopping();
        wakeAll();
        handOffs.stopped();
        mode.stopped();
        return unstarted;
    }

    /** Moves SHUTDOWN to TIDYING when nothing can ever run again. Any thread; idempotent. */
    public void tryTerminate() {
        if (lvLifecycle() != Lifecycle.SHUTDOWN || !lvSealed()) {
            return;
        }
        // no task that handed its core off still running and no blocking job in flight (read
        // first: such a task or job publishes its work before its count drops), every worker
        // parked, no async task alive (nothing can be woken), every queue empty: with external
        // submissions sealed, nothing can create work any more
        if (handOffs.busy() || idle.unparkedCount() != 0
                || !asyncTasks.isEmpty() || anyQueueLooksNonEmpty() || timers.anyPending()) {
            return;
        }
        if (casLifecycle(Lifecycle.SHUTDOWN, Lifecycle.TIDYING)) {
            timers.close();
            for (WorkerCore core : cores) {
                core.inbox.close();
            }
            mode.tidying();
            wakeAll();
            handOffs.tidying();
        }
    }

    private void wakeAll() {
        for (WorkerCore core : cores) {
            idle.unparkById(core.index);
            try {
                core.unpark.unpark();
            } catch (Throwable t) {
                // a custom unpark that throws: the other workers are still woken, and
                // shutdownNow still returns its list
                runner.reportUncaught(Thread.currentThread(), t);
            }
        }
    }

    /** {@return the context class loader of the thread that built the pool} */
    public ClassLoader creatorClassLoader() {
        return creatorLoader;
    }

    /** Counts a thread about to start for a hand-off; the caller starts it. */
    public void threadStarting() {
        liveThreads.incrementAndGet();
    }

    /** Undoes {@link #threadStarting()} when the thread could not start. */
    public void threadStartFailed() {
        threadExited();
    }

    /** Counts a thread (or the blocking executor) out; the last one sets TERMINATED. */
    public void threadExited() {
        if (liveThreads.decrementAndGet() == 0) {
            svLifecycle(Lifecycle.TERMINATED);
            Parks.closeAll(cores, c -> c.park, t -> runner.reportUncaught(Thread.currentThread(), t));
            termination.complete(null);
        }
    }

    // ------------------------------------------------------------------ queries

    /** {@return whether some queue of the pool (worker, orphan or the mode's own) looks non-empty} */
    public boolean anyQueueLooksNonEmpty() {
        for (WorkerCore core : cores) {
            if (!core.queuesLookEmpty()) {
                return true;
            }
        }
        for (WorkStealingDeque<Runnable> orphan : orphans.lvDeques()) {
            if (!orphan.isEmpty()) {
                return true;
            }
        }
        return mode.anyQueued();
    }

    // ------------------------------------------------------------------ retake support

    /** Whether the monitor may retake workers (deferred sections or detection). */
    boolean retaking() {
        return retaking;
    }

    /** The orphan deques; one volatile read, empty normally. */
    public WorkStealingDeque<Runnable>[] orphans() {
        return orphans.lvDeques();
    }

    /**
     * Publishes the deque of a retaken core as an orphan, before the core leaves its thread.
     *
     * @param deque the retaken core's deque, still owned by its stuck thread
     */
    public void addOrphan(WorkStealingDeque<Runnable> deque) {
        orphans.add(deque);
    }

    /**
     * Removes an orphan deque, by its owner once it emptied it.
     *
     * @param deque the orphan
     */
    public void removeOrphan(WorkStealingDeque<Runnable> deque) {
        orphans.remove(deque);
    }

    /**
     * Replaces worker {@code index}'s core with its successor: a release store into the slot.
     * Readers read slots plain and may see the old core for a while; both have the same inbox
     * and park, and the old deque is an orphan, so either serves them.
     *
     * @param index the worker index
     * @param core the successor core
     */
    public void publishCore(int index, WorkerCore core) {
        CORE_SLOT.setRelease(cores, index, core);
    }

    /**
     * Queues a task again from a thread without a core, to an inbox (the wakee's or the thread's own).
     *
     * @param task the task
     * @return false once the inboxes are closed
     */
    public boolean resubmit(Runnable task) {
        return WorkStealingMode.pushRemote(this, task, true);
    }

    /** {@return the run state, a volatile load (see {@link Lifecycle})} */
    public int lvLifecycle() {
        return (int) LIFECYCLE.getVolatile(this);
    }

    /** {@return whether shutdown or shutdownNow was called} */
    public boolean isShutdown() {
        return lvLifecycle() != Lifecycle.RUNNING;
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
     * section, a backup, or a spawnBlocking thread (termination waits for each of them, so
     * {@code close()} there only shuts down).
     *
     * @return {@code true} on any thread this pool started
     */
    public boolean isWorkerThread() {
        return isPoolThread();
    }

    private boolean isPoolThread() {
        final Thread t = Thread.currentThread();
        return t instanceof PoolThread p && p.pool() == this;
    }

    /**
     * Sets the public object this pool serves, once, before {@link #start}: a volatile store,
     * paired with the volatile load of {@link #lvFacade()} on the pool's threads (which start
     * after it anyway).
     *
     * @param f the facade
     */
    public void svFacade(Object f) {
        facade = f;
    }

    /** {@return the public object this pool serves, or null} A volatile load. */
    public Object lvFacade() {
        return facade;
    }

    /** {@return the ways work enters the pool} */
    public Submissions submissions() {
        return submissions;
    }

    /** {@return the pool's timers} */
    public Timers timers() {
        return timers;
    }

    /** {@return what runs the pool's tasks} */
    public TaskRunner runner() {
        return runner;
    }

    /** {@return the pool's hand-off layer} */
    public HandOffHooks handOffs() {
        return handOffs;
    }

    /** {@return the worker cores by index; plain reads of the slots, do not modify} */
    public WorkerCore[] cores() {
        return cores;
    }

    /** {@return the pool's idle set} */
    public IdleSet idle() {
        return idle;
    }

    /** {@return the pool's mode} */
    public PoolMode mode() {
        return mode;
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
