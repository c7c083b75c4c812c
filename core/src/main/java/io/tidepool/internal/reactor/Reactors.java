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

package io.tidepool.internal.reactor;

import io.tidepool.internal.affinity.AffinityBackend;
import io.tidepool.internal.affinity.AffinityException;
import io.tidepool.internal.affinity.BoundedExecutor;
import io.tidepool.internal.queue.Inbox;
import io.tidepool.internal.task.TaskDescriptions;
import io.tidepool.internal.worker.Lifecycle;
import io.tidepool.internal.worker.NewTaskOffer;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.PoolMode;
import io.tidepool.internal.worker.PoolThread;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import io.tidepool.pinned.Affinity;
import io.tidepool.pinned.CoreExecutor;
import io.tidepool.pinned.CpuSet;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The pinned-core mode of a pool ({@link PoolMode}): one {@link ReactorCore} per worker,
 * submission to reactors and their wake-ups, pinning, and the unaffinitized threads. Exists only
 * in a pool built with {@code pinnedCores}; the design is in the package documentation.
 */
public final class Reactors implements PoolMode {
    /** {@link #PINNED_CPU}: never pinned (or pinning failed). */
    static final int NOT_PINNED = -1;
    /** {@link #PINNED_CPU}: pinned to the unaffinitized set. */
    static final int UNAFFINITIZED = -2;
    /**
     * The CPU the calling pool thread is pinned to, or {@link #NOT_PINNED} or
     * {@link #UNAFFINITIZED}; read and written by that thread only, when it is given a core or
     * its section hands off (never on the task path).
     */
    private static final ThreadLocal<int[]> PINNED_CPU = ThreadLocal.withInitial(() -> new int[] {NOT_PINNED});
    /** How long {@code build()} waits for the workers to report their pinning. */
    private static final long PIN_WAIT_SECONDS = 60;

    private final Pool pool;
    private final PinnedConfig config;
    private final ReactorCore[] cores;
    private final CpuSet unaffinitizedCpus;
    private final CountDownLatch pinned;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicInteger nextCore = new AtomicInteger();
    /** Whether outside submissions are bounded (ThreadPoolBuilder.maxQueued). */
    private final boolean bounded;
    /** Reports a reactor wake whose custom unpark threw (made once, not per wake). */
    private final Consumer<Throwable> wakeFailed;
    /** The first pinning failure of a worker, or null. */
    private volatile String pinFailure;
    /** Created on first use; guarded by {@code this} for creation. */
    private volatile BoundedExecutor unaffinitized;

    /**
     * The pinned-core mode of {@code pool}; called from the pool's constructor, once its cores
     * exist.
     *
     * @param pool the pool
     * @param config the validated pinned-core settings
     */
    public Reactors(Pool pool, PinnedConfig config) {
        this.wakeFailed = t -> pool.runner().reportUncaught(Thread.currentThread(), t);
        this.pool = pool;
        this.bounded = pool.config().bounded();
        final WorkerCore[] workerCores = pool.cores();
        this.config = config;
        final CpuSet cpus = config.cpus();
        final int n = workerCores.length;
        this.cores = new ReactorCore[n];
        for (int i = 0; i < n; i++) {
            cores[i] = new ReactorCore(this, workerCores[i], cpus.cpu(i),
                    config.idleStrategy().get(), victimsNearestFirst(cpus, i));
        }
        final CpuSet rest = config.backend().processAllowed().minus(cpus);
        this.unaffinitizedCpus = rest.isEmpty() ? config.backend().processAllowed() : rest;
        this.pinned = new CountDownLatch(n);
    }

    /** Worker indices other than {@code self}, by distance of CPU number, then lower CPU first. */
    static int[] victimsNearestFirst(CpuSet cpus, int self) {
        final int me = cpus.cpu(self);
        final Integer[] order = new Integer[cpus.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> Math.abs(cpus.cpu(i) - me))
                .thenComparingInt(cpus::cpu));
        return Arrays.stream(order).mapToInt(Integer::intValue).filter(i -> i != self).toArray();
    }

    // ------------------------------------------------------------------ submission

    /**
     * {@code Submissions.execute} in pinned mode: own deque from a reactor, else a core's task
     * inbox. One read of the current thread and one type test per class, as in work-stealing
     * mode's submit: {@code WorkerThread} is final, so its test is a compare of the class word,
     * and the {@code PoolThread} test of an outside submission reuses that word.
     *
     * <p>The core an outside task goes to stays random per task, not sticky per thread as in
     * work-stealing mode: stealing is off by default here, so one thread's stream of tasks kept
     * to one core would stay there while the other reactors idle.
     */
    @Override
    public boolean submit(Runnable task) {
        final Thread thread = Thread.currentThread();
        final WorkerCore local = thread instanceof WorkerThread w && w.pool() == pool ? w.lvCore() : null;
        return local != null ? pushOwn(local, task) : submitRemote(thread, task);
    }

    /**
     * A submission from {@code thread}, the calling thread, which holds no core of this pool:
     * from a pool thread without one (a blocking section) it counts as from inside (accepted
     * after {@code shutdown()}, never bounded). Out of line, so that {@link #submit} stays small.
     */
    private boolean submitRemote(Thread thread, Runnable task) {
        final boolean inside = thread instanceof PoolThread p && p.pool() == pool;
        return bounded && !inside ? offerTaskBounded(task) : offerTask(task, inside, Inbox.home(thread));
    }

    /** {@code Submissions.reschedule} in pinned mode (an async task's wake). */
    @Override
    public boolean reschedule(Runnable task) {
        final Thread thread = Thread.currentThread();
        final WorkerCore local = thread instanceof WorkerThread w && w.pool() == pool ? w.lvCore() : null;
        return local != null ? pushOwn(local, task) : offerTask(task, true, Inbox.home(thread));
    }

    /**
     * Pushes on the calling reactor's own deque. No wake: the owner is running, or it is inside
     * its own custom park (a park that wakes tasks on its thread, during SHUTDOWN), and
     * ReactorLoop.sleepForShutdown looks at the own deque after every park; with stealing on,
     * idle reactors find it when their idle strategy next lets them look. A push racing
     * shutdownNow's sweep is run by the owner before it exits (ReactorLoop.exitStopped).
     */
    private boolean pushOwn(WorkerCore core, Runnable task) {
        if (pool.lvLifecycle() >= Lifecycle.STOP) {
            return false;
        }
        core.deque.push(task);
        // counted with the batch, like a worker loop's spawns
        core.countSpawn();
        return true;
    }

    /**
     * Offers to a random core's task inbox, starting at the lane of {@code home} (the
     * submitting thread's {@link Inbox#home}), then wakes that core's reactor if it idles.
     */
    private boolean offerTask(Runnable task, boolean resubmission, int home) {
        if (!resubmission && pool.lvLifecycle() != Lifecycle.RUNNING) {
            return false;
        }
        final int n = cores.length;
        final ReactorCore rc = cores[n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n)];
        if (!rc.core.inbox.offer(task, resubmission, home)) {
            return false;
        }
        // offer() ends with a volatile store after the queue's stores: Dekker with arm()
        rc.wake.wakeAfterPublish(pool.idle(), rc.index, rc.core.unpark, wakeFailed);
        return true;
    }

    /**
     * Offers a new outside task within the bound (ThreadPoolBuilder.maxQueued): a random core's
     * task inbox, then the next ones while full. False when all were full or the pool shut
     * (Submissions tells the two apart by the run state).
     */
    private boolean offerTaskBounded(Runnable task) {
        final int n = cores.length;
        final int i = NewTaskOffer.offer(pool, n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n), task);
        if (i < 0) {
            return false;
        }
        // as in offerTask: the offer's volatile unlock orders it before this volatile read
        final ReactorCore rc = cores[i];
        rc.wake.wakeAfterPublish(pool.idle(), rc.index, rc.core.unpark, wakeFailed);
        return true;
    }

    /**
     * Queues a user's message ({@code core(i).execute}, {@code send}) for one core: within the
     * bound from outside the pool (per core; a full inbox goes to the rejection handler with
     * {@code task}), as {@link #sendMessage} otherwise.
     *
     * @param rc the core
     * @param task the user's task, for the rejection handler and messages
     * @param message what to queue (the task, decorated)
     */
    void sendUserMessage(ReactorCore rc, Runnable task, Runnable message) {
        if (!bounded || pool.isWorkerThread()) {
            sendMessage(rc, message);
            return;
        }
        if (!offerMessageBounded(rc, task, message)) {
            pool.submissions().full(task, () -> offerMessageBounded(rc, task, message));
        }
    }

    /** One bounded offer of a message; true once queued, false if full, throws if shut. */
    private boolean offerMessageBounded(ReactorCore rc, Runnable task, Runnable message) {
        final int outcome = rc.messages.offerNew(message);
        if (outcome == Inbox.REFUSED) {
            throw new RejectedExecutionException("Message " + TaskDescriptions.describe(task)
                    + " to CPU " + rc.cpu + " rejected from " + pool.config().name() + " ["
                    + Lifecycle.name(pool.lvLifecycle()) + "]");
        }
        if (outcome == Inbox.FULL) {
            return false;
        }
        rc.wake.wakeAfterPublish(pool.idle(), rc.index, rc.core.unpark, wakeFailed);
        return true;
    }

    /** Queues a message for one core; refused from outside after shutdown, by all after stop. */
    void sendMessage(ReactorCore rc, Runnable message) {
        if (!rc.messages.offer(message, pool.isWorkerThread())) {
            throw new RejectedExecutionException("Message " + message + " to CPU " + rc.cpu
                    + " rejected from " + pool.config().name() + " [" + Lifecycle.name(pool.lvLifecycle())
                    + "]");
        }
        // as in offerTask: the offer's volatile unlock orders it before this volatile read
        rc.wake.wakeAfterPublish(pool.idle(), rc.index, rc.core.unpark, wakeFailed);
    }

    // ------------------------------------------------------------------ pinning

    /**
     * Pins the calling thread to {@code core}'s CPU unless it already is; called by every thread
     * before it runs a core (the worker at start, a backup receiving a hand-off). The first
     * outcome per core is reported to {@link #awaitPinned}.
     */
    @Override
    public void beforeCore(WorkerThread thread, WorkerCore core) {
        final ReactorCore rc = cores[core.index];
        final int[] pinnedCpu = PINNED_CPU.get();
        String failure = null;
        if (pinnedCpu[0] != rc.cpu) {
            failure = pin(CpuSet.of(rc.cpu));
            pinnedCpu[0] = failure == null ? rc.cpu : NOT_PINNED;
        }
        if (!rc.pinReported) {
            rc.pinReported = true;
            if (failure != null && pinFailure == null) {
                pinFailure = failure;
            }
            pinned.countDown();
        } else if (failure != null) {
            warnOnce(failure);
        }
    }

    /**
     * A thread entering a blocking section leaves its reactor CPU for the unaffinitized set, so
     * the backup now running the core has the CPU to itself. One exec per re-pin.
     */
    @Override
    public void sectionHandedOff(WorkerThread thread) {
        final int[] pinnedCpu = PINNED_CPU.get();
        if (pinnedCpu[0] == UNAFFINITIZED) {
            return;
        }
        final String failure = pin(unaffinitizedCpus);
        pinnedCpu[0] = failure == null ? UNAFFINITIZED : NOT_PINNED;
        if (failure != null) {
            warnOnce(failure);
        }
    }

    /**
     * Pins the calling spawnBlocking thread to the unaffinitized set, once, when it starts: a
     * thread inherits the affinity of the thread that created it, which may be a reactor.
     */
    @Override
    public Runnable blockingThreadBody(Runnable body) {
        return () -> {
            final String failure = pin(unaffinitizedCpus);
            if (failure != null) {
                warnOnce(failure);
            }
            body.run();
        };
    }

    /** Sections hand off at entry: the thread re-pins off the reactor CPU at once. */
    @Override
    public boolean defersSections() {
        return false;
    }

    @Override
    public Consumer<WorkerCore> newLoop(WorkerThread thread) {
        return new ReactorLoop(pool, this, thread)::run;
    }

    private String pin(CpuSet cpus) {
        try {
            config.backend().pinCurrentThread(cpus);
            return null;
        } catch (AffinityException | UncheckedIOException e) {
            return Thread.currentThread().getName() + ": " + e.getMessage();
        }
    }

    /**
     * Waits for every worker's first pinning; in strict mode a failure stops the pool and
     * throws, otherwise it is logged once.
     */
    @Override
    public void started() {
        boolean interrupted = false;
        boolean done = false;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PIN_WAIT_SECONDS);
        while (!done) {
            try {
                done = pinned.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (!done) {
                    pinFailure = "workers did not report their pinning within " + PIN_WAIT_SECONDS + " s";
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        final String failure = pinFailure;
        if (failure == null) {
            return;
        }
        if (config.strict()) {
            pool.shutdownNow();
            throw new IllegalStateException("pool " + pool.config().name()
                    + " could not pin its workers (strictAffinity): " + failure);
        }
        warnOnce(failure);
    }

    private void warnOnce(String failure) {
        if (warned.compareAndSet(false, true)) {
            config.warnings().accept("tidepool pool " + pool.config().name()
                    + ": pinned-core mode could not pin threads with backend "
                    + config.backend().name() + "; running unpinned (" + failure + ")");
        }
    }

    // ------------------------------------------------------------------ shutdown

    /** Shuts every message inbox to new messages (resubmissions pass); part of shutdown(). */
    @Override
    public void shut() {
        for (ReactorCore rc : cores) {
            rc.messages.shut();
        }
    }

    /** After shutdown() sealed the pool: idling reactors see SHUTDOWN; unaffinitized threads retire. */
    @Override
    public void sealed() {
        wakeAll();
        shutdownUnaffinitized();
    }

    /** shutdownNow(): close the message inboxes and hand back what never ran. */
    @Override
    public void stopQueues(List<Runnable> unstarted) {
        closeMessages();
        drainMessages(unstarted);
    }

    /** At the end of shutdownNow(): reactors see STOP; the unaffinitized queue is dropped. */
    @Override
    public void stopped() {
        wakeAll();
        shutdownNowUnaffinitized();
    }

    @Override
    public void tidying() {
        closeMessages();
        wakeAll();
    }

    @Override
    public int queued(int index) {
        return cores[index].messages.size();
    }

    /** Closes every message inbox; part of shutdownNow() and of TIDYING. */
    void closeMessages() {
        for (ReactorCore rc : cores) {
            rc.messages.close();
        }
    }

    /**
     * shutdownNow's sweep of the message inboxes (already closed): every message that never ran
     * goes to {@code unstarted}, except poller registrations, whose pollers are closed.
     */
    void drainMessages(List<Runnable> unstarted) {
        for (ReactorCore rc : cores) {
            while (!rc.messages.tryClaim()) {
                Thread.onSpinWait();
            }
            final List<Runnable> taken = new ArrayList<>();
            try {
                rc.messages.drain(taken::add, Integer.MAX_VALUE);
            } finally {
                rc.messages.release();
            }
            for (Runnable m : taken) {
                if (m instanceof ReactorExecutor.Registration r) {
                    r.poller().close();
                } else {
                    unstarted.add(m);
                }
            }
        }
    }

    /** Unparks every reactor thread so it sees a new run state. */
    void wakeAll() {
        for (ReactorCore rc : cores) {
            rc.wake.unparkThread();
        }
    }

    /** Whether some core's message inbox looks non-empty; any thread. */
    @Override
    public boolean anyQueued() {
        for (ReactorCore rc : cores) {
            if (!rc.messages.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** shutdown() of the pool: the unaffinitized threads finish their queue and retire. */
    void shutdownUnaffinitized() {
        BoundedExecutor u;
        synchronized (this) {
            u = unaffinitized;
        }
        if (u != null) {
            u.shutdown();
        }
    }

    /** shutdownNow() of the pool: the unaffinitized queue is dropped, running bodies interrupted. */
    void shutdownNowUnaffinitized() {
        BoundedExecutor u;
        synchronized (this) {
            u = unaffinitized;
        }
        if (u != null) {
            u.shutdownNowCancelling();
        }
    }

    // ------------------------------------------------------------------ queries

    ReactorCore core(int index) {
        return cores[index];
    }

    Pool pool() {
        return pool;
    }

    boolean stealing() {
        return config.stealing();
    }

    AffinityBackend backend() {
        return config.backend();
    }

    /** {@return the reactor CPUs} */
    public CpuSet cpus() {
        return config.cpus();
    }

    /**
     * The executor of the core pinned to {@code cpu}.
     *
     * @param cpu one of the pool's CPUs
     * @return its executor
     * @throws IllegalArgumentException naming the CPU and the pool's CPUs if there is none
     */
    public CoreExecutor executor(int cpu) {
        return cores[indexOf(cpu)].executor;
    }

    /** {@return the next core's executor, round robin} */
    public CoreExecutor nextExecutor() {
        return cores[Math.floorMod(nextCore.getAndIncrement(), cores.length)].executor;
    }

    int indexOf(int cpu) {
        final int i = config.cpus().indexOf(cpu);
        if (i < 0) {
            throw new IllegalArgumentException("CPU " + cpu + " is not one of the cores of pool "
                    + pool.config().name() + " (" + config.cpus() + ")");
        }
        return i;
    }

    /**
     * The pool's unaffinitized threads, created on first use.
     *
     * @return the executor
     * @throws RejectedExecutionException if the pool is shut down
     */
    public BoundedExecutor unaffinitized() {
        BoundedExecutor u = unaffinitized;
        if (u != null) {
            return u;
        }
        synchronized (this) {
            if (unaffinitized == null) {
                if (pool.isShutdown()) {
                    throw new RejectedExecutionException("pool " + pool.config().name()
                            + " is shut down");
                }
                final String name = pool.config().threadNamePrefix() + "-unaffinitized";
                // counted as one of the pool's live threads until it terminated, as
                // spawnBlocking's executor: termination waits for the accepted bodies (the
                // pool's shutdown shuts it down, so it terminates once they are done)
                pool.threadStarting();
                try {
                    // the bounded executor of spawnBlocking too, with threads pinned off the
                    // reactors
                    unaffinitized = new BoundedExecutor(name, config.unaffinitizedThreads(),
                            config.unaffinitizedQueue(), pool.config().keepAliveNanos(),
                            BoundedExecutor.pinnedThreads(name, unaffinitizedCpus,
                                    config.backend(), this::warnOnce, pool.creatorClassLoader()),
                            pool::threadExited);
                } catch (RuntimeException | Error e) {
                    pool.threadStartFailed();
                    throw e;
                }
            }
            return unaffinitized;
        }
    }

    /** {@return the CPU of the calling thread's reactor core, or -1} */
    public static int currentCpu() {
        if (Thread.currentThread() instanceof WorkerThread w && w.pool().mode() instanceof Reactors r) {
            final WorkerCore core = w.lvCore();
            return core == null ? -1 : r.cores[core.index].cpu;
        }
        return -1;
    }

    /** {@return the number of cores of the calling reactor's pool, or 0} */
    public static int currentCoreCount() {
        return currentCpu() < 0 ? 0
                : ((Reactors) ((WorkerThread) Thread.currentThread()).pool().mode()).cores.length;
    }

    /** {@return the affinity of the calling thread: its reactor core's, or Affinity.NONE} */
    public static Affinity currentAffinity() {
        if (Thread.currentThread() instanceof WorkerThread w && w.pool().mode() instanceof Reactors r) {
            final WorkerCore core = w.lvCore();
            if (core != null) {
                return r.cores[core.index].affinity;
            }
        }
        return Affinity.NONE;
    }
}
