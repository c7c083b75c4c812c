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

import io.tidepool.Waker;
import io.tidepool.internal.metrics.BlockingEvents;
import io.tidepool.internal.metrics.BlockingSample;
import io.tidepool.internal.metrics.MetricsConfig;
import io.tidepool.internal.worker.HandOffHooks;
import io.tidepool.internal.worker.Lifecycle;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.PoolConfig;
import io.tidepool.internal.worker.PoolThread;
import io.tidepool.internal.worker.ThreadStarts;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One pool's blocking hand-off layer, the worker layer's {@link HandOffHooks}: blocking
 * sections, eager ({@link #tryHandOff}) and deferred ({@link Sections}), with the books of
 * handed-off tasks that termination reads; it owns the {@link Permits}, the {@link Backups}, the
 * {@link TakeBack}, the monitor ({@link BlockingMonitor}) and the {@code spawnBlocking}
 * executor.
 *
 * <p>The protocol is described in the package documentation ("Blocking sections"). In short: a
 * worker thread that enters a blocking section takes a permit, clears its own core field and
 * gives the core to an idle backup thread (a volatile store of the core into that thread, then
 * an unpark) or to a new thread (its start); the receiver runs the worker loop on it. At the
 * section's end its thread takes a worker back if one is parked idle ({@link TakeBack});
 * otherwise it finishes its task without a core, then waits here as an idle backup thread
 * until it is given a core, {@code keepAlive} passes, or the pool stops ({@link Backups}).
 *
 * <p>Thread bound: at most {@code poolSize} threads hold a core, at most {@code maxBlocking}
 * run a blocking section, and the rest are finishing a task whose section has ended or are idle
 * backups, which exit after {@code keepAlive}.
 */
public final class HandOffs implements HandOffHooks {
    private static final VarHandle HANDED_OFF_TASKS;
    private static final VarHandle HAND_OFF_COUNT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HANDED_OFF_TASKS = lookup.findVarHandle(HandOffs.class, "handedOffTasks", int.class);
            HAND_OFF_COUNT = lookup.findVarHandle(HandOffs.class, "handOffCount", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Pool pool;
    private final int maxBlocking;
    /** The permits that bound blocking sections, and the async tasks waiting for one. */
    private final Permits permits;
    /** Backup threads and the registry of live threads. */
    private final Backups backups;
    /** Workers taken back at the end of handed-off sections. */
    private final TakeBack takeBack;
    /** The spawnBlocking threads, created on first use. */
    private final BlockingExecutor blocking;
    /** Watches deferred sections and, opt-in, stuck workers; null when neither can happen. */
    private final BlockingMonitor monitor;
    /** Deferred sections, and the hint that switches them to a hand-off at entry. */
    private final Sections sections;

    /** Tasks that handed their core off and have not returned yet; termination waits for 0. */
    private volatile int handedOffTasks;
    /** Successful hand-offs since the pool started (a metric; the blocking path, not the task path). */
    private volatile long handOffCount;

    /**
     * The hand-off layer of {@code pool}; called from the pool's constructor (see {@link
     * Pool#Pool(PoolConfig, MetricsConfig, io.tidepool.internal.timer.TimerConfig, Function,
     * Function)}), once its cores and mode exist.
     *
     * @param pool the pool
     */
    public HandOffs(Pool pool) {
        final PoolConfig config = pool.config();
        this.pool = pool;
        this.maxBlocking = config.maxBlocking();
        this.permits = new Permits(maxBlocking);
        this.backups = new Backups(pool, config.keepAliveNanos());
        this.takeBack = new TakeBack(pool, config.poolSize());
        this.blocking = new BlockingExecutor(pool, config.blockingThreads(),
                config.blockingQueueCapacity(), config.keepAliveNanos());
        final boolean detecting = config.detectBlockingNanos() > 0;
        // deferred sections need the monitor: only where a section can be deferred (not in
        // pinned-core mode, whose sections hand off at entry, and not with maxBlocking(0))
        final boolean deferring = maxBlocking > 0 && pool.mode().defersSections();
        this.monitor = detecting || deferring
                ? new BlockingMonitor(pool, config.detectBlockingNanos(), deferring) : null;
        this.sections = new Sections(pool, permits, takeBack, monitor);
    }

    /** {@return the hand-off layer of {@code pool}} */
    static HandOffs of(Pool pool) {
        return (HandOffs) pool.handOffs();
    }

    // ------------------------------------------------------------------ the worker layer's hooks

    @Override
    public void start(WorkerThread[] workers) {
        for (WorkerThread t : workers) {
            backups.register(t);
        }
        if (monitor != null) {
            // the monitor counts as a live thread too: termination waits for it to exit
            pool.threadStarting();
            try {
                ThreadStarts.start(monitor.newThread());
            } catch (RuntimeException | Error e) {
                pool.threadStartFailed();
                throw e;
            }
        }
    }

    @Override
    public boolean joinStarted() {
        final Thread t = monitor == null ? null : monitor.thread();
        return t != null && t.isAlive() && PoolThread.joinUninterruptibly(t);
    }

    @Override
    public boolean retakes() {
        return monitor != null;
    }

    @Override
    public boolean answerTakeBack(WorkerThread thread, WorkerCore core) {
        return takeBack.answer(thread, core);
    }

    @Override
    public void taskEndedWithoutCore(WorkerThread thread) {
        if (HandOffState.of(thread).handedOffSelf) {
            // the task handed the core off: another thread owns its fields now
            handedOffTaskEnded();
        }
        // else the detector retook the core: Retake.afterRetake counts the task's end
    }

    /**
     * After the loop on {@code started} returned: null when the pool is done (the thread still
     * holds its core), else the next core for this thread: the one it took back at the end of a
     * section ({@link TakeBack}), or, when it lost its core to its own blocking section's
     * hand-off, to the detector's retake or to another thread's take-back, one it waits for as
     * an idle backup.
     */
    @Override
    public WorkerCore nextCore(WorkerThread thread, WorkerCore started) {
        final HandOffState st = HandOffState.of(thread);
        // a take-back during the last task may have given this thread another core (or the
        // same one): the core it held last is that one
        final WorkerCore core = st.takenBack != null ? st.takenBack : started;
        st.takenBack = null;
        final WorkerCore now = thread.lvCore();
        if (now == core) {
            return now == started ? null : now;
        }
        if (st.gaveCoreAway) {
            // parked idle, it handed the core to a section's thread: nothing to count
            st.gaveCoreAway = false;
        } else if (st.handedOffSelf) {
            // TaskRunner.run counted the handed-off task's end
            st.handedOffSelf = false;
        } else {
            final WorkerCore adopted = Retake.afterRetake(pool, thread, core);
            if (adopted != null) {
                return adopted;
            }
        }
        return backups.awaitCore(thread);
    }

    @Override
    public void exited(WorkerThread thread) {
        backups.unregister(thread);
    }

    @Override
    public boolean busy() {
        return lvHandedOffTasks() != 0 || blocking.lvInFlight() != 0;
    }

    @Override
    public <T> CompletableFuture<T> spawnBlocking(Callable<T> body, boolean fromInside) {
        return blocking.submit(body, fromInside);
    }

    @Override
    public void stopping() {
        // every live thread: workers, blocking sections, backups; then the blocking jobs
        backups.interruptAll();
        blocking.stop();
    }

    @Override
    public void stopped() {
        backups.wakeIdle();
        if (monitor != null) {
            monitor.wake();
        }
    }

    @Override
    public void tidying() {
        backups.wakeIdle();
        blocking.close();
        if (monitor != null) {
            monitor.wake();
        }
    }

    @Override
    public BlockingSample sample() {
        final BlockingExecutor b = blocking;
        final long detections = monitor == null ? 0L : monitor.lvDetections();
        final long retakes = monitor == null ? 0L : monitor.lvRetakes();
        return new BlockingSample(permits.active(), backups.corelessCount(), backups.idleCount(),
                lvHandOffCount(), takeBack.lvCount(), detections, retakes, b.threads(),
                b.idleThreads(), b.queueDepth());
    }

    /** The monitor thread's job, or null when no section can be deferred and detection is off. */
    BlockingMonitor monitor() {
        return monitor;
    }

    /** {@return the deferred sections} */
    Sections sections() {
        return sections;
    }

    /** {@return the permits of blocking sections} */
    Permits permits() {
        return permits;
    }

    /** {@return the backup threads and the live-thread registry} */
    Backups backups() {
        return backups;
    }

    // ------------------------------------------------------------------ hand-off

    /**
     * Hands the calling thread's core to a backup thread if a permit is free and the pool has
     * not stopped. On success the thread holds a permit and no core.
     */
    boolean tryHandOff(WorkerThread self) {
        if (handOff(self) == BlockingSpi.HANDED_OFF) {
            return true;
        }
        // the caller runs its section inline
        beforeInline(self);
        return false;
    }

    /**
     * As {@link #tryHandOff}, but when no permit is free registers {@code waiter} to be woken
     * when one is released.
     *
     * @return {@link BlockingSpi#HANDED_OFF}, {@link BlockingSpi#INLINE} (no hand-off possible:
     *     run inline) or {@link BlockingSpi#WAIT} (the waiter is registered)
     */
    int tryHandOffOrWait(WorkerThread self, Waker waiter) {
        final int r = handOffOrWait(self, waiter);
        if (r == BlockingSpi.INLINE) {
            beforeInline(self);
        }
        return r;
    }

    /**
     * Before a section runs inline on {@code self}: a thread that holds a core blocks with its
     * queues, and what it pushed before may sit there with no wake sent for it (see
     * {@link Pool#notifyIfQueued}); other workers must be able to take it meanwhile, as the
     * {@code Blocking} documentation promises.
     */
    private void beforeInline(WorkerThread self) {
        final WorkerCore core = self.lvCore();
        if (core != null) {
            pool.notifyIfQueued(core);
        }
    }

    /** {@link #tryHandOffOrWait} without the look at the queues before an inline section. */
    private int handOffOrWait(WorkerThread self, Waker waiter) {
        if (maxBlocking == 0) {
            return BlockingSpi.INLINE;
        }
        while (true) {
            final int r = handOff(self);
            if (r != BlockingSpi.WAIT) {
                sectionInThisPoll(self);
                return r;
            }
            if (HandOffState.of(self).sectionInThisPoll) {
                // an earlier section of this poll succeeded: answering WAIT now would make the
                // task poll again from the start and run that section's body again. tokio keeps
                // the capacity for the rest of the poll; here the body runs inline
                return BlockingSpi.INLINE;
            }
            if (permits.await(waiter)) {
                return BlockingSpi.WAIT;
            }
            // a permit came free meanwhile: try again
        }
    }

    /**
     * Notes on the calling thread that its running task had a blocking section in this poll,
     * until the task ends ({@link #taskEnded}); nothing outside a task.
     */
    void sectionInThisPoll(WorkerThread self) {
        if (self.lpCurrentTask() != null) {
            HandOffState.of(self).sectionInThisPoll = true;
            self.wantTaskEnd();
        }
    }

    @Override
    public void taskEnded(WorkerThread thread) {
        HandOffState.of(thread).sectionInThisPoll = false;
    }

    /** The hand-off; WAIT means only that no permit was free. */
    private int handOff(WorkerThread self) {
        final WorkerCore core = self.lvCore();
        // a hook or the aroundWorker wrapper runs outside any task: nothing would count the
        // hand-off back, so it runs inline
        if (core == null || self.lpCurrentTask() == null || pool.lvLifecycle() >= Lifecycle.STOP
                || (HandOffState.of(self).loSection() & HandOffState.SECTION_IN) != 0) {
            // (a section nested in a deferred one runs inline too)
            return BlockingSpi.INLINE;
        }
        if (!permits.tryAcquire()) {
            return BlockingSpi.WAIT;
        }
        // counted before the core leaves: tryTerminate reads this count before the queues, so
        // whatever this task publishes before it ends is seen, or the count is (volatile RMW)
        handedOffTaskStarted();
        // the core leaves this thread before anyone else can run it: from here on this
        // thread's spawns go to an inbox, never to the deque. A CAS, not a store: the
        // stuck-worker detector may be taking the core at this moment; one of us wins
        if (!self.casCore(core, null)) {
            handedOffTaskEnded();
            permits.release();
            return BlockingSpi.INLINE;
        }
        final WorkerThread receiver = backups.giveCore(core);
        if (receiver == null) {
            self.svCore(core);
            handedOffTaskEnded();
            permits.release();
            return BlockingSpi.INLINE;
        }
        HandOffState.of(self).holdsPermit = true;
        HandOffState.of(self).handedOffSelf = true;
        HandOffState.of(self).handOffNanos = System.nanoTime();
        HAND_OFF_COUNT.getAndAdd(this, 1L);
        HandOffState.of(self).handOffEvent = BlockingEvents.beginHandOff(pool.config().name(), core.index,
                receiver.getName());
        // pinned-core mode: the section leaves the reactor CPU to the backup now running the core
        pool.mode().sectionHandedOff(self);
        return BlockingSpi.HANDED_OFF;
    }

    /** Counts a hand-off made by the monitor for a deferred section (a metric). */
    void countHandOff() {
        HAND_OFF_COUNT.getAndAdd(this, 1L);
    }

    /** Ends the calling thread's blocking section: releases its permit. */
    void endHandOff(WorkerThread self) {
        if (!HandOffState.of(self).holdsPermit) {
            throw new IllegalStateException(self.getName() + " is not in a blocking section");
        }
        HandOffState.of(self).holdsPermit = false;
        permits.release();
        sectionInThisPoll(self);
        if (System.nanoTime() - HandOffState.of(self).handOffNanos < BlockingMonitor.SECTION_GRACE_NANOS) {
            // a section handed off at entry turned out short: defer the next ones again
            sections.noteShort();
        } else {
            sections.noteLong();
        }
        final Object event = HandOffState.of(self).handOffEvent;
        if (event != null) {
            HandOffState.of(self).handOffEvent = null;
            BlockingEvents.endHandOff(event);
        }
        if (takeBack.tryTakeBack(self)) {
            // the task runs on as a worker's: its end is no longer a handed-off task's end (the
            // taken worker is counted unparked, so termination still waits for the task)
            HandOffState.of(self).handedOffSelf = false;
            handedOffTaskEnded();
        }
    }

    /** Counts a task whose core is about to leave its thread (a hand-off or a retake). */
    void handedOffTaskStarted() {
        xaddHandedOffTasks(1);
    }

    /**
     * Called on the section's thread when the task that handed its core off returns (or when a
     * hand-off is undone); retries termination when the count reaches 0 under SHUTDOWN.
     */
    void handedOffTaskEnded() {
        if (xaddHandedOffTasks(-1) == 1 && pool.lvLifecycle() == Lifecycle.SHUTDOWN) {
            pool.tryTerminate();
        }
    }



    // ------------------------------------------------------------------ queries

    /** The take-back of workers at the ends of sections; its holders answer it from their park. */
    TakeBack takeBack() {
        return takeBack;
    }

    /** Successful hand-offs since the pool started. */
    long lvHandOffCount() {
        return (long) HAND_OFF_COUNT.getVolatile(this);
    }

    /** Tasks that handed off and have not returned. */
    int lvHandedOffTasks() {
        return (int) HANDED_OFF_TASKS.getVolatile(this);
    }

    /** Returns the previous value. */
    private int xaddHandedOffTasks(int delta) {
        return (int) HANDED_OFF_TASKS.getAndAdd(this, delta);
    }

}
