package io.tidepool.internal.pool;

import io.tidepool.internal.metrics.BlockingEvents;
import io.tidepool.internal.task.AsyncTaskCell;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The stuck-worker detector of one pool ({@code ThreadPoolBuilder.detectBlocking}): a daemon
 * thread that notices a worker whose thread has been inside one task for at least the
 * threshold, reports it once, and retakes the worker ({@link Retake}) so the tasks queued behind
 * it keep running. Go's runtime does the same for a thread stuck in a system call ({@code sysmon}
 * retaking the P).
 *
 * <p><b>What a worker thread publishes</b> (only when detection is on): an opaque store of a task
 * counter before each task, next to the opaque store of the running task that the pool makes
 * anyway. No fence, no atomic instruction on the task path.
 *
 * <p><b>Scan.</b> Every {@code threshold / 4} the detector walks the pool's live threads. A
 * thread that holds a core and runs a task is watched: the detector remembers the task counter
 * and when it first saw it. Seen with the same counter, still running, {@code threshold} after
 * the first sight, the thread has been in that one task at least that long: it is stuck. So a
 * task is detected between {@code threshold} and {@code 1.25 * threshold} (plus scheduling
 * delays) after it started, and a task shorter than {@code threshold} never is.
 *
 * <p><b>Report, once per stuck task.</b> The pool's {@code System.Logger}
 * ({@code io.tidepool.ThreadPool}) at WARNING with the worker, the thread, the task's
 * {@code toString()} and the thread's stack ({@link Thread#getStackTrace()}), and a
 * {@code io.tidepool.BlockingDetected} JFR event with the same. Then the retake: if a
 * {@code maxBlocking} permit is free the worker moves to a backup thread, else it stays (the
 * report says so) and is not tried again for that task.
 *
 * <p><b>Lifecycle.</b> Started with the workers, counted as one of the pool's live threads, ends
 * when the pool reaches STOP or TIDYING (both wake it), so termination waits for it.
 */
final class StuckWorkerMonitor implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.tidepool.ThreadPool");
    private static final VarHandle DETECTIONS;
    private static final VarHandle RETAKES;

    static {
        try {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            DETECTIONS = l.findVarHandle(StuckWorkerMonitor.class, "detections", long.class);
            RETAKES = l.findVarHandle(StuckWorkerMonitor.class, "retakes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Pool pool;
    private final long thresholdNanos;
    private final long intervalNanos;
    /** What the detector saw of each watched thread. Detector thread only. */
    private Map<WorkerThread, Watch> watches = new HashMap<>();
    private volatile Thread thread;
    /** Stuck tasks reported. */
    private volatile long detections;
    /** Reported tasks whose worker was retaken. */
    private volatile long retakes;

    /** One watched thread: the task counter first seen, when, and whether it was reported. */
    private static final class Watch {
        final long seq;
        final long since;
        boolean reported;

        Watch(long seq, long since) {
            this.seq = seq;
            this.since = since;
        }
    }

    StuckWorkerMonitor(Pool pool, long thresholdNanos) {
        this.pool = pool;
        this.thresholdNanos = thresholdNanos;
        this.intervalNanos = Math.max(1L, thresholdNanos / 4);
    }

    /** Creates the detector's thread (not started). */
    Thread newThread() {
        final Thread t = new Thread(null, this, pool.config().name() + "-detector", 0);
        t.setDaemon(true);
        thread = t;
        return t;
    }

    /** Wakes the detector so it sees the pool stopping. Any thread. */
    void wake() {
        final Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void run() {
        try {
            while (pool.lifecycle() < Lifecycle.STOP) {
                scan(System.nanoTime());
                LockSupport.parkNanos(this, intervalNanos);
            }
        } finally {
            pool.threadExited();
        }
    }

    /** One pass over the live threads. */
    private void scan(long now) {
        final Map<WorkerThread, Watch> next = new HashMap<>();
        for (WorkerThread t : pool.handOffs().liveThreads()) {
            final WorkerCore core = t.core();
            final Runnable task = t.loCurrentTask();
            if (core == null || task == null) {
                continue;
            }
            final long seq = t.loTaskSeq();
            Watch w = watches.get(t);
            if (w == null || w.seq != seq) {
                w = new Watch(seq, now);
            } else if (!w.reported && now - w.since >= thresholdNanos) {
                w.reported = true;
                detected(t, core, task, seq, now - w.since);
            }
            next.put(t, w);
        }
        watches = next;
    }

    private void detected(WorkerThread t, WorkerCore core, Runnable queued, long seq,
            long blockedFor) {
        final StackTraceElement[] stack = t.getStackTrace();
        // an async task is queued in its cell: name the user's task, not the cell
        final Object task = queued instanceof AsyncTaskCell<?> cell ? cell.task() : queued;
        final int outcome = Retake.tryRetake(pool, t, core, seq);
        if (outcome == Retake.NOT_TAKEN) {
            // the thread left the task (or the pool is stopping) while we looked: not stuck
            return;
        }
        final boolean retaken = outcome == Retake.RETAKEN;
        DETECTIONS.getAndAdd(this, 1L);
        if (retaken) {
            RETAKES.getAndAdd(this, 1L);
        }
        final StringBuilder trace = new StringBuilder();
        for (StackTraceElement e : stack) {
            trace.append("\tat ").append(e).append('\n');
        }
        final String name = pool.config().name();
        if (LOG.isLoggable(System.Logger.Level.WARNING)) {
            LOG.log(System.Logger.Level.WARNING, "Pool " + name + ": worker " + core.index
                    + " (thread " + t.getName() + ") has been running task " + task + " for "
                    + (blockedFor / 1_000_000) + " ms or more without a blocking section; "
                    + (retaken ? "its queues were handed to a backup thread"
                            : "no blocking permit is free (maxBlocking), its queues stay with it")
                    + ". Stack of the stuck thread:\n" + trace);
        }
        BlockingEvents.detected(name, core.index, t.getName(), task, blockedFor, retaken,
                trace.toString());
    }

    /** {@return the stuck tasks reported so far} */
    long lvDetections() {
        return (long) DETECTIONS.getVolatile(this);
    }

    /** {@return the reported tasks whose worker was retaken} */
    long lvRetakes() {
        return (long) RETAKES.getVolatile(this);
    }
}
