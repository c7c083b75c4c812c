package io.tidepool.internal.handoff;

import io.tidepool.Waker;
import io.tidepool.internal.metrics.BlockingEvents;
import io.tidepool.internal.metrics.BlockingSample;
import io.tidepool.internal.metrics.MetricsConfig;
import io.tidepool.internal.worker.HandOffHooks;
import io.tidepool.internal.worker.Lifecycle;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.PoolConfig;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One pool's blocking hand-off layer, the worker layer's {@link HandOffHooks}: blocking
 * sections, eager ({@link #tryHandOff}) and deferred ({@link #beginSection}), with the books of
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
    private static final VarHandle LONG_SECTIONS;
    /**
     * Sections in a row that outlasted the monitor's grace period after which sections hand off
     * at entry instead of deferring (see {@link #beginSection}).
     */
    static final int EAGER_AFTER = 2;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HANDED_OFF_TASKS = lookup.findVarHandle(HandOffs.class, "handedOffTasks", int.class);
            HAND_OFF_COUNT = lookup.findVarHandle(HandOffs.class, "handOffCount", long.class);
            LONG_SECTIONS = lookup.findVarHandle(HandOffs.class, "longSections", int.class);
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

    /** Tasks that handed their core off and have not returned yet; termination waits for 0. */
    private volatile int handedOffTasks;
    /** Successful hand-offs since the pool started (a metric; the blocking path, not the task path). */
    private volatile long handOffCount;
    /**
     * A hint: how many sections in a row (capped at {@link #EAGER_AFTER}) lasted past the grace
     * period. Any section's thread writes it, with opaque accesses and no atomicity: a lost
     * update only delays the switch by a section.
     */
    private int longSections;

    /**
     * The hand-off layer of {@code pool}; called from the pool's constructor (see
     * {@link Pool#Pool(PoolConfig, MetricsConfig, Function, Function)}), once its cores and mode
     * exist.
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
            monitor.newThread().start();
        }
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
        final WorkerCore now = thread.core();
        if (now == core) {
            return now == started ? null : now;
        }
        if (st.gaveCoreAway) {
            // parked idle, it handed the core to a section's thread: nothing to count
            st.gaveCoreAway = false;
        } else if (st.handedOffSelf) {
            // runTask counted the handed-off task's end
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
        return handOff(self) == BlockingSpi.HANDED_OFF;
    }

    /**
     * As {@link #tryHandOff}, but when no permit is free registers {@code waiter} to be woken
     * when one is released.
     *
     * @return {@link BlockingSpi#HANDED_OFF}, {@link BlockingSpi#INLINE} (no hand-off possible:
     *     run inline) or {@link BlockingSpi#WAIT} (the waiter is registered)
     */
    int tryHandOffOrWait(WorkerThread self, Waker waiter) {
        if (maxBlocking == 0) {
            return BlockingSpi.INLINE;
        }
        while (true) {
            final int r = handOff(self);
            if (r != BlockingSpi.WAIT) {
                return r;
            }
            if (permits.await(waiter)) {
                return BlockingSpi.WAIT;
            }
            // a permit came free meanwhile: try again
        }
    }

    /** The hand-off; WAIT means only that no permit was free. */
    private int handOff(WorkerThread self) {
        final WorkerCore core = self.core();
        // a hook or the aroundWorker wrapper runs outside any task: nothing would count the
        // hand-off back, so it runs inline
        if (core == null || self.lpCurrentTask() == null || pool.lifecycle() >= Lifecycle.STOP
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

    /**
     * Begins a deferred section on the calling thread (see {@link BlockingMonitor}): the body
     * runs here, with the core, and the monitor hands the core off if the section outlasts the
     * grace period. Possible only where an eager hand-off would be: a thread holding a core, in
     * a task, not already in a section, with {@code maxBlocking > 0}, before STOP.
     *
     * @return whether a section began; if so the caller must call {@link #endSection}
     */
    boolean beginSection(WorkerThread self) {
        // pinned-core mode keeps the eager hand-off: the section's thread re-pins itself off
        // the reactor CPU at once, and the reactor loop does not take part in retakes
        if (maxBlocking == 0 || monitor == null || !pool.mode().defersSections() || self.core() == null
                || self.lpCurrentTask() == null) {
            return false;
        }
        final long word = HandOffState.of(self).loSection();
        if ((word & HandOffState.SECTION_IN) != 0 || pool.lifecycle() >= Lifecycle.STOP) {
            return false;
        }
        if (loLongSections() >= EAGER_AFTER) {
            // the last sections all outlasted the grace period: this one most likely will
            // too, so the caller hands off at entry (tryHandOff) and the queued tasks move on
            // at once instead of a grace period and a monitor scan later
            return false;
        }
        // only this thread sets IN, so the number moves on without a race; volatile store,
        // then the monitor's sleep flag is read (the Dekker pair described in the monitor)
        HandOffState.of(self).sectionCore = self.core();
        HandOffState.of(self).svSection((word & ~(HandOffState.SECTION_STEP - 1)) + HandOffState.SECTION_STEP
                | HandOffState.SECTION_IN);
        monitor.onSectionStart();
        return true;
    }

    /**
     * Ends the calling thread's deferred section. If the monitor handed the core off during it
     * (it set R), the section's permit is returned now, and the thread takes a worker back if
     * one is parked idle ({@link TakeBack}); the retake is then settled at once.
     */
    void endSection(WorkerThread self) {
        final long in = HandOffState.of(self).loSection() & ~HandOffState.SECTION_RETAKEN;
        final long out = in & ~HandOffState.SECTION_IN;
        final WorkerCore retaken = HandOffState.of(self).sectionCore;
        HandOffState.of(self).sectionCore = null;
        // the hint: did the monitor take the core (its CAS on our section word may still be
        // to come)? Then the section outlasted the grace period
        if (self.core() != retaken) {
            noteLongSection();
        } else {
            noteShortSection();
        }
        if (HandOffState.of(self).casSection(in, out)) {
            return;
        }
        // the monitor's CAS from IN won: only this thread writes the word from here on
        HandOffState.of(self).svSection(out);
        HandOffState.of(self).sectionPermitReturned = true;
        permits.release();
        // the monitor gave the successor core away (or set adoptAfterTask) before its CAS to
        // IN|R, which our failed CAS read: tryTakeBack sees an adoption and leaves it alone
        if (takeBack.tryTakeBack(self)) {
            // this thread is still the only owner of the retaken core's deque (an orphan)
            Retake.settleRetaken(pool, self, retaken);
        }
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
        if (System.nanoTime() - HandOffState.of(self).handOffNanos < BlockingMonitor.SECTION_GRACE_NANOS) {
            // a section handed off at entry turned out short: defer the next ones again
            noteShortSection();
        } else {
            noteLongSection();
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
        if (xaddHandedOffTasks(-1) == 1 && pool.lifecycle() == Lifecycle.SHUTDOWN) {
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

    /** One more section outlasted the grace period (a hint; see {@link #longSections}). */
    private void noteLongSection() {
        final int n = loLongSections();
        if (n < EAGER_AFTER) {
            poLongSections(n + 1);
        }
    }

    /** A section ended within the grace period: the next ones defer again. */
    private void noteShortSection() {
        // read first: most sections are short, and a store would dirty a shared line each time
        if (loLongSections() != 0) {
            poLongSections(0);
        }
    }

    private int loLongSections() {
        return (int) LONG_SECTIONS.getOpaque(this);
    }

    private void poLongSections(int n) {
        // opaque: a hint read by other sections' threads; nothing is published through it
        LONG_SECTIONS.setOpaque(this, n);
    }

    /** Returns the previous value. */
    private int xaddHandedOffTasks(int delta) {
        return (int) HANDED_OFF_TASKS.getAndAdd(this, delta);
    }

}
