package io.tidepool.internal.worker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A thread of a tidepool pool. It runs a {@link WorkerCore} while it holds one; a blocking
 * section takes the core away and gives it to a backup thread.
 */
public final class WorkerThread extends Thread {
    private static final VarHandle CORE;
    private static final VarHandle CURRENT_TASK;
    private static final VarHandle TASK_SEQ;
    private static final VarHandle SECTION;

    /**
     * Layout of {@link #section}, the deferred blocking section word:
     * <pre>
     *   63                              2   1         0
     *   +-------------------------------+---+---------+
     *   |  section number (this thread)  | R | IN      |
     *   +-------------------------------+---+---------+
     * </pre>
     * IN: a section is in progress on this thread, which still held its core when it began.
     * R (retaken): the monitor took the core during that section and its permit goes back when
     * the section ends (set by the monitor's CAS from IN, cleared by the thread's exit).
     */
    static final long SECTION_IN = 1L;
    static final long SECTION_RETAKEN = 2L;
    static final long SECTION_STEP = 4L;

    static {
        try {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            CORE = l.findVarHandle(WorkerThread.class, "core", WorkerCore.class);
            CURRENT_TASK = l.findVarHandle(WorkerThread.class, "currentTask", Runnable.class);
            TASK_SEQ = l.findVarHandle(WorkerThread.class, "taskSeq", long.class);
            SECTION = l.findVarHandle(WorkerThread.class, "section", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Pool pool;
    /**
     * The core this thread runs, or null. Set by this thread, by a hand-off before the thread is
     * given it (the thread then has none), or taken away by the stuck-worker detector with a CAS
     * (a hand-off also takes it with a CAS, so exactly one of the two wins).
     */
    private volatile WorkerCore core;
    /** Whether this thread is in a blocking section that took a permit. This thread only. */
    boolean holdsPermit;
    /**
     * Whether this thread's current task handed its core off itself (a blocking section), as
     * opposed to the detector taking it. This thread only; cleared when its loop ends.
     */
    boolean handedOffSelf;
    /** The JFR event of the blocking section in progress, or null. This thread only. */
    Object handOffEvent;
    /** When this thread's current hand-off began ({@code System.nanoTime()}). This thread only. */
    long handOffNanos;
    /**
     * The task inside {@code Pool.runTask}, or null. Written by this thread with opaque stores
     * (the stores a boolean "running" flag would cost anyway), read by the detector with opaque
     * loads.
     */
    private Runnable currentTask;
    /**
     * Count of tasks started, only when the pool detects stuck workers: one opaque store per
     * task, read by the detector with opaque loads. Only this thread writes it.
     */
    private long taskSeq;
    /**
     * A core the detector retook from this thread but could not give to another thread (none
     * could start): this thread runs it when its stuck task ends. Volatile; null normally.
     */
    private volatile WorkerCore adoptAfterTask;
    /**
     * The deferred blocking section word (layout above). Written by this thread (an opaque store
     * at entry, a CAS at exit) and by the monitor (a CAS from IN to IN|R during a retake).
     */
    private long section;
    /**
     * Whether the permit of a retake was already returned at the end of this thread's section,
     * so the end of its task must not return it again. This thread only.
     */
    boolean sectionPermitReturned;
    /**
     * The core this thread held when its current deferred section began; the section's end
     * needs it for a take-back after the monitor retook it (the orphan to empty). This thread
     * only.
     */
    WorkerCore sectionCore;
    /**
     * The core a take-back ({@link TakeBack}) gave this thread during its current task, or
     * null: the loop that ran the task started with another core (or this same one), and its
     * end must continue with this one. This thread only.
     */
    WorkerCore takenBack;
    /** Whether this thread, parked idle, gave its core to a take-back. This thread only. */
    boolean gaveCoreAway;
    /** Set by a holder that declined this thread's take-back (STOP); volatile. */
    private volatile boolean takeBackDeclined;
    /** The section word the monitor last saw here, when, and whether it is done with it. Monitor thread only. */
    long watchedSection;
    long watchedSince;
    boolean watchedGaveUp;

    WorkerThread(Pool pool, String name, long stackSize) {
        super(null, null, name, stackSize);
        this.pool = pool;
    }

    @Override
    public void run() {
        new WorkerBody(pool).run(this);
    }

    /**
     * The core the calling thread runs for {@code pool}.
     *
     * @param pool the pool asked about
     * @return the core, or null if the calling thread holds none of that pool's
     */
    public static WorkerCore currentCore(Pool pool) {
        if (Thread.currentThread() instanceof WorkerThread w && w.pool() == pool) {
            return w.core;
        }
        return null;
    }

    /** {@return the core of the calling thread in any pool, or null} */
    public static WorkerCore currentCore() {
        return Thread.currentThread() instanceof WorkerThread w ? w.core : null;
    }

    /** {@return the pool this thread belongs to} */
    public Pool pool() {
        return pool;
    }

    /** {@return the core this thread runs, or null} A volatile load. */
    public WorkerCore core() {
        return core;
    }

    void core(WorkerCore c) {
        core = c;
    }

    /** Takes or restores the core with a volatile CAS; the hand-off and the detector race here. */
    boolean casCore(WorkerCore expected, WorkerCore value) {
        return CORE.compareAndSet(this, expected, value);
    }

    /** The running task; plain: for this thread's own reads. */
    Runnable lpCurrentTask() {
        return currentTask;
    }

    /** The running task; opaque load, for the detector. */
    Runnable loCurrentTask() {
        return (Runnable) CURRENT_TASK.getOpaque(this);
    }

    /** Sets the running task (null after it); opaque store, this thread only. */
    void poCurrentTask(Runnable task) {
        CURRENT_TASK.setOpaque(this, task);
    }

    /** Counts a task start; opaque store of a plain increment (only this thread writes it). */
    void poNextTaskSeq() {
        TASK_SEQ.setOpaque(this, taskSeq + 1);
    }

    /** The tasks started so far; opaque load, for the detector. */
    long loTaskSeq() {
        return (long) TASK_SEQ.getOpaque(this);
    }

    /** The section word; plain: for this thread's own reads (only it moves IN on). */
    long lpSection() {
        return section;
    }

    /** The section word; opaque load, for the monitor. */
    long loSection() {
        return (long) SECTION.getOpaque(this);
    }

    /** The section word; volatile load, for the monitor's check before it sleeps. */
    long lvSection() {
        return (long) SECTION.getVolatile(this);
    }

    /**
     * Enters section {@code word} (IN set): a volatile store, so that the monitor's sleep flag
     * read after it cannot be satisfied before the store is visible (the Dekker pair with
     * {@link StuckWorkerMonitor}'s sleep). This thread only.
     */
    void svSection(long word) {
        SECTION.setVolatile(this, word);
    }

    /** Moves the section word with a volatile CAS (thread exit or monitor retake). */
    boolean casSection(long expected, long value) {
        return SECTION.compareAndSet(this, expected, value);
    }

    boolean lvTakeBackDeclined() {
        return takeBackDeclined;
    }

    void svTakeBackDeclined(boolean declined) {
        takeBackDeclined = declined;
    }

    WorkerCore lvAdoptAfterTask() {
        return adoptAfterTask;
    }

    void svAdoptAfterTask(WorkerCore c) {
        adoptAfterTask = c;
    }
}
