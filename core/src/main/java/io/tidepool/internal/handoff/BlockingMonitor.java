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

import io.tidepool.internal.metrics.BlockingEvents;
import io.tidepool.internal.queue.WorkStealingDeque;
import io.tidepool.internal.task.TaskDescriptions;
import io.tidepool.internal.worker.Lifecycle;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The pool's monitor of blocking sections and, opt-in, of stuck workers: one thread
 * ({@code <pool>-detector}, its name from when detection was its only job), started only where
 * it has a job, with two:
 * <ol>
 *   <li><b>Deferred blocking sections</b> (whenever a section can be deferred:
 *       {@code maxBlocking > 0}, not in pinned-core mode): a section begun by
 *       {@code Blocking.blocking} on a worker runs on the worker's thread, which keeps its
 *       queues; when the monitor sees the same section still in progress {@link #SECTION_GRACE_NANOS}
 *       after it first saw it, it hands the worker to a backup thread through the retake
 *       ({@link Retake#tryRetakeSection}). Short sections so cost no thread switch at all.</li>
 *   <li><b>Stuck-worker detection</b> (opt-in, {@code ThreadPoolBuilder.detectBlocking}): a
 *       worker whose thread has been inside one task, outside any section, for at least the
 *       threshold is reported once and retaken (Go's {@code sysmon} retaking a P).</li>
 * </ol>
 *
 * <p><b>What a worker thread publishes.</b> For sections: a volatile store of its section word at
 * entry and a CAS at exit ({@link HandOffState}); nothing on the task path. For detection (only
 * when on): an opaque store of a task counter before each task, next to the opaque store of the
 * running task that the pool makes anyway.
 *
 * <p><b>Sleeping.</b> While no section is in progress the monitor sleeps: indefinitely, or until
 * its next detection scan. Before sleeping it sets {@code sleeping} (volatile) and then reads every
 * thread's section word (volatile); a section entry stores its word (volatile) and then reads
 * {@code sleeping}. The two form a Dekker pair: either the monitor sees the section and does not
 * sleep, or the entry sees the flag and wakes it (a CAS from sleeping to awake, so one entry
 * pays the unpark and the others read a plain "awake"). While sections are in progress the
 * monitor scans every {@code SECTION_GRACE_NANOS / 2}, so a section is handed off between one
 * and two grace periods after it began (plus scheduling delays); a section that ended sooner is
 * never handed off. A section that found no free permit is not retried (as when a hand-off was
 * made at entry) and does not keep the monitor awake.
 *
 * <p><b>Stuck-worker scan.</b> Every {@code threshold / 4} the monitor walks the pool's live
 * threads. A thread that holds a core and runs a task outside a section is watched: the monitor
 * remembers the task counter and when it first saw it. Seen with the same counter, still
 * running, {@code threshold} after the first sight, the thread has been in that one task at
 * least that long: it is stuck. So a task is detected between {@code threshold} and
 * {@code 1.25 * threshold} (plus scheduling delays) after it started, and a task shorter than
 * {@code threshold} never is. The report (once per stuck task) goes to the pool's
 * {@code System.Logger} ({@code io.tidepool.ThreadPool}) at WARNING with the worker, the thread,
 * the task's {@code toString()} and the thread's stack, and to a
 * {@code io.tidepool.BlockingDetected} JFR event; then the retake, if a {@code maxBlocking}
 * permit is free.
 *
 * <p><b>Lifecycle.</b> Started with the workers (when {@code maxBlocking > 0} or detection is
 * on), counted as one of the pool's live threads, ends when the pool reaches STOP or TIDYING
 * (both wake it), so termination waits for it.
 */
final class BlockingMonitor implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.tidepool.ThreadPool");
    private static final VarHandle DETECTIONS;
    private static final VarHandle RETAKES;
    private static final VarHandle SLEEPING;
    /**
     * How long a blocking section runs on its worker's thread before the monitor hands the
     * worker to a backup. Chosen by measurement (docs/benchmarks.md, "Blocking"): long enough
     * that a section of a few microseconds never pays for two thread switches, short enough
     * that queued work waits little behind a section that really blocks (work is not stranded
     * meanwhile anyway: other awake workers steal from a busy worker's deque and inbox).
     */
    static final long SECTION_GRACE_NANOS = 100_000L;

    static {
        try {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            DETECTIONS = l.findVarHandle(BlockingMonitor.class, "detections", long.class);
            RETAKES = l.findVarHandle(BlockingMonitor.class, "retakes", long.class);
            SLEEPING = l.findVarHandle(BlockingMonitor.class, "sleeping", int.class);
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
    /** 1 while the monitor sleeps (or is about to) with no section watched; see the class doc. */
    private volatile int sleeping;
    /** Whether sections are deferred ({@code maxBlocking > 0}). */
    private final boolean sections;
    /** When the next stuck-worker scan is due (detector thread only). */
    private long nextDetectScan;

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

    /**
     * @param thresholdNanos the stuck-worker threshold, 0 when detection is off
     * @param sections whether blocking sections are deferred to this monitor
     */
    BlockingMonitor(Pool pool, long thresholdNanos, boolean sections) {
        this.pool = pool;
        this.thresholdNanos = thresholdNanos;
        this.intervalNanos = Math.max(1L, thresholdNanos / 4);
        this.sections = sections;
    }

    /** Creates the detector's thread (not started). */
    Thread newThread() {
        final Thread t = new Thread(null, this, pool.config().threadNamePrefix() + "-detector", 0);
        t.setDaemon(true);
        thread = t;
        return t;
    }

    /** {@return the monitor's thread, null before {@link #newThread()}} */
    Thread thread() {
        return thread;
    }

    /** Wakes the detector so it sees the pool stopping. Any thread. */
    void wake() {
        final Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Called by a thread that has just stored its section word (volatile): wakes the monitor if
     * it sleeps. One volatile read when it is awake.
     */
    void onSectionStart() {
        if (lvSleeping() != 0 && casSleeping(1, 0)) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        try {
            final boolean detect = thresholdNanos > 0;
            nextDetectScan = System.nanoTime();
            while (pool.lvLifecycle() < Lifecycle.STOP) {
                try {
                    if (!pass(detect)) {
                        // nothing to watch: sleep until a section begins or the next scan
                        sleepUnlessSectionInProgress(
                                detect ? Math.max(1L, nextDetectScan - System.nanoTime()) : 0L);
                    }
                } catch (Throwable t) {
                    // whatever failed (a report, a user's toString), the monitor goes on: a
                    // dead monitor would never hand a section off again
                    pool.runner().reportUncaught(Thread.currentThread(), t);
                    LockSupport.parkNanos(this, SECTION_GRACE_NANOS / 2);
                }
            }
        } finally {
            pool.threadExited();
        }
    }

    /**
     * One pass: the stuck-worker scan when due, then the sections.
     *
     * @return whether a section needs watching (the monitor then naps and does not sleep)
     */
    private boolean pass(boolean detect) {
        final long now = System.nanoTime();
        if (detect && now - nextDetectScan >= 0) {
            // the next scan is planned first, so a scan that throws is not retried at once
            nextDetectScan = now + intervalNanos;
            scan(now);
        }
        if (sections && scanSections(now)) {
            LockSupport.parkNanos(this, SECTION_GRACE_NANOS / 2);
            return true;
        }
        return false;
    }

    /**
     * The sleep, on the monitor's thread: raises the sleep flag, then looks for a section in
     * progress (volatile reads after the volatile store: the Dekker partner of
     * {@link #onSectionStart}); parks only if it saw none and the pool is not stopping.
     *
     * @param nanos how long to park at most, 0 for until woken
     * @return whether a section was seen (the monitor did not park)
     */
    boolean sleepUnlessSectionInProgress(long nanos) {
        svSleeping(1);
        if (sections && anySectionInProgress()) {
            svSleeping(0);
            return true;
        }
        if (pool.lvLifecycle() < Lifecycle.STOP) {
            if (nanos > 0) {
                LockSupport.parkNanos(this, nanos);
            } else {
                LockSupport.park(this);
            }
        }
        svSleeping(0);
        return false;
    }

    /**
     * Makes {@code t} the thread that {@link #onSectionStart} wakes, for a test that plays the
     * monitor's thread (jcstress {@code MonitorSleepStress}); the pool sets it in
     * {@link #newThread()}.
     *
     * @param t the thread playing the monitor
     */
    void bindThread(Thread t) {
        thread = t;
    }

    /**
     * One pass over the sections in progress: hands off those seen for a grace period.
     *
     * @return whether a section still needs watching
     */
    private boolean scanSections(long now) {
        boolean watching = false;
        for (WorkerThread t : HandOffs.of(pool).backups().liveThreads()) {
            final long word = HandOffState.of(t).loSection();
            if ((word & (HandOffState.SECTION_IN | HandOffState.SECTION_RETAKEN))
                    != HandOffState.SECTION_IN) {
                continue;
            }
            if (HandOffState.of(t).watchedSection != word) {
                // first sight of this section (monitor-only fields of the thread)
                HandOffState.of(t).watchedSection = word;
                HandOffState.of(t).watchedSince = now;
                HandOffState.of(t).watchedGaveUp = false;
                watching = true;
            } else if (!HandOffState.of(t).watchedGaveUp) {
                if (now - HandOffState.of(t).watchedSince >= SECTION_GRACE_NANOS) {
                    final WorkerCore core = t.lvCore();
                    final int outcome = core == null ? Retake.NOT_TAKEN
                            : Retake.tryRetakeSection(pool, t, core, word);
                    // taken, or no permit (the section stays inline, as at an eager entry),
                    // or the section ended meanwhile: nothing more to do for this one
                    HandOffState.of(t).watchedGaveUp = true;
                    if (outcome == Retake.NOT_TAKEN) {
                        continue;
                    }
                } else {
                    watching = true;
                }
            }
        }
        return watching;
    }

    /** Whether any thread is in a section not yet handed off or given up; volatile reads. */
    private boolean anySectionInProgress() {
        for (WorkerThread t : HandOffs.of(pool).backups().liveThreads()) {
            final long word = HandOffState.of(t).lvSection();
            if ((word & (HandOffState.SECTION_IN | HandOffState.SECTION_RETAKEN))
                    == HandOffState.SECTION_IN
                    && !(HandOffState.of(t).watchedSection == word && HandOffState.of(t).watchedGaveUp)) {
                return true;
            }
        }
        return false;
    }

    /** One pass over the live threads. */
    private void scan(long now) {
        final Map<WorkerThread, Watch> next = new HashMap<>();
        for (WorkerThread t : HandOffs.of(pool).backups().liveThreads()) {
            final WorkerCore core = t.lvCore();
            final Runnable task = t.loCurrentTask();
            if (core == null || task == null
                    || (HandOffState.of(t).loSection() & HandOffState.SECTION_IN) != 0) {
                // a thread in a blocking section is not stuck: the section path watches it
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
        wakeForStrandedOrphans();
    }

    /**
     * Wakes a sleeper if an orphan deque holds a task. A retaken thread may push onto its old
     * deque (it read its core just before the take) after a stale look that saw the deque
     * non-empty, so the push wakes nobody, while the thief that emptied it has gone to sleep
     * (see {@code WorkStealingMode.pushLocal}): with every worker asleep the task would wait for
     * the stuck task's end, and a stuck task may be waiting for it. Searchers visit the orphans
     * first, so one wake per scan hands it on. Pushes in a deferred section wake for
     * themselves; this covers the retake of a task that blocks without saying so. One volatile
     * read when there is no orphan.
     */
    private void wakeForStrandedOrphans() {
        for (WorkStealingDeque<Runnable> orphan : pool.orphans()) {
            if (!orphan.isEmpty()) {
                pool.notifyParkedAfterPush();
                return;
            }
        }
    }

    private void detected(WorkerThread t, WorkerCore core, Runnable queued, long seq,
            long blockedFor) {
        final StackTraceElement[] stack = t.getStackTrace();
        // the name while stuck: once the retake below lets the test or the task go on, the
        // thread may end its task and rename itself as an idle backup before the report is out
        final String threadName = t.getName();
        // an async task is queued in its cell, a decorated task in its wrapper: name the user's
        final Object task = TaskDescriptions.userTask(queued);
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
        final String described = describe(task);
        try {
            if (LOG.isLoggable(System.Logger.Level.WARNING)) {
                LOG.log(System.Logger.Level.WARNING, "Pool " + name + ": worker " + core.index
                        + " (thread " + threadName + ") has been running task " + described
                        + " for " + (blockedFor / 1_000_000) + " ms or more without a blocking"
                        + " section; " + (retaken ? "its queues were handed to a backup thread"
                                : "no blocking permit is free (maxBlocking), its queues stay with it")
                        + ". Stack of the stuck thread:\n" + trace);
            }
        } catch (Throwable e) {
            // a failing logger: the event below still carries the report
            pool.runner().reportUncaught(Thread.currentThread(), e);
        }
        BlockingEvents.detected(name, core.index, threadName, task.getClass(), described,
                blockedFor, retaken, trace.toString());
    }

    /**
     * A stuck task's {@code toString()}, or its class and what that threw: user code must not
     * stop the report (the throw goes to the pool's handler).
     */
    private String describe(Object task) {
        try {
            return String.valueOf(task);
        } catch (Throwable e) {
            pool.runner().reportUncaught(Thread.currentThread(), e);
            return task.getClass().getName() + " (its toString() threw " + e + ")";
        }
    }

    /** The sleep flag; volatile load (a section entry's half of the Dekker pair). */
    private int lvSleeping() {
        return (int) SLEEPING.getVolatile(this);
    }

    /** Sets the sleep flag; volatile store (the monitor's half: store, then read the words). */
    private void svSleeping(int value) {
        SLEEPING.setVolatile(this, value);
    }

    /** Claims the wake-up of a sleeping monitor; one section entry wins it. */
    private boolean casSleeping(int expected, int value) {
        return SLEEPING.compareAndSet(this, expected, value);
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
