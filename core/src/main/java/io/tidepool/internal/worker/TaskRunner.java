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

/**
 * Runs a pool's tasks on its worker threads: the batch's poll count, the optional observation
 * of a poll (schedule latency, poll time, the detector's task number), the running task the
 * detector and the hand-off read, and what follows a task whose core left its thread. Every
 * worker loop calls {@link #run} once per task; a throwing task never kills the worker.
 *
 * <p>Cost: the per-task path is a few final-field tests and two opaque stores; everything
 * optional sits behind one test of {@link #observedPolls}.
 */
public final class TaskRunner {
    private final Pool pool;
    private final HandOffHooks handOffs;
    /** The pool's handler of uncaught task exceptions, or null for each thread's own. */
    private final Thread.UncaughtExceptionHandler handler;
    /**
     * Whether submissions are timestamped for the schedule-latency histogram (the run path then
     * unwraps them).
     */
    private final boolean scheduleLatency;
    /** Whether worker threads publish task numbers for the stuck-worker detector. */
    private final boolean detecting;
    /**
     * Whether {@link #run} does more than run the task: detection on, or every poll timed
     * (a poll-time or schedule-latency histogram, a long-poll threshold). One test per task.
     */
    private final boolean observedPolls;
    /** Whether every poll is timed (implied by a schedule-latency histogram). */
    private final boolean timedPolls;

    TaskRunner(Pool pool, PoolConfig config, MetricsConfig metrics, HandOffHooks handOffs) {
        this.pool = pool;
        this.handOffs = handOffs;
        this.handler = config.uncaughtExceptionHandler();
        this.scheduleLatency = metrics.scheduleLatencyHistogram();
        this.detecting = config.detectBlockingNanos() > 0;
        this.timedPolls = metrics.timesEveryPoll();
        this.observedPolls = detecting || timedPolls;
    }

    /**
     * Runs one task on a worker; a throwing task never kills the worker. {@code queued} is the
     * task as it came out of a queue: with a schedule-latency histogram, a submitted
     * {@code Runnable} is unwrapped here and the user's task runs directly.
     *
     * @param core the core the calling thread holds
     * @param thread the calling thread
     * @param queued the task as taken from a queue
     */
    public void run(WorkerCore core, WorkerThread thread, Runnable queued) {
        final Runnable task = beforeRun(core, thread, queued);
        try {
            task.run();
        } catch (Throwable t) {
            reportUncaught(thread, t);
        }
        afterRun(core, thread, task);
    }

    /**
     * The steps of {@link #run} before the task runs; returns the task to run. The worker
     * loop's per-task path calls this, the task and {@link #afterRun} itself rather than
     * {@link #run}: these two stay small however HotSpot compiles them, so they inline into the
     * loop's compilation, while a compiled {@code run} carries the task's body inlined and can
     * be too big to inline ("already compiled into a big method"; see {@code WorkerLoop.run}).
     */
    Runnable beforeRun(WorkerCore core, WorkerThread thread, Runnable queued) {
        // the poll count of the open batch (and the worker loop's fairness count): counted
        // before the task runs, so a task that hands the core off is counted by the core
        core.batchPolls++;
        final Runnable task = observedPolls ? beforeObservedPoll(core, thread, queued) : queued;
        // only a running task may hand the core off (not a hook or the aroundWorker wrapper);
        // opaque stores, the same instructions as plain ones, read by the detector
        thread.poCurrentTask(task);
        return task;
    }

    /**
     * The steps of {@link #run} after the task ran (or threw); see {@link #beforeRun}. Returns
     * whether the calling loop may take its next task without looking again: the thread still
     * holds {@code core} and the pool has not reached STOP. The per-task loop reads the two
     * fields once, here, instead of once here and once more in the loop.
     *
     * @return true to go on with {@code core}; false if the core left this thread (a hand-off
     *     or a retake) or the pool stopped
     */
    boolean afterRun(WorkerCore core, WorkerThread thread, Runnable task) {
        thread.poCurrentTask(null);
        // what the task changed of its thread (name, priority, context class loader, handler)
        // is put back; a few compares when nothing changed
        if (thread.afterTaskDirty() && thread.afterTaskSlow()) {
            handOffs.taskEnded(thread);
        }
        final boolean holding = thread.lvCore() == core;
        if (!holding) {
            // the task handed the core off (another thread owns its fields now), or the
            // detector retook it (the hand-off layer counts that task's end after the loop)
            handOffs.taskEndedWithoutCore(thread);
        } else if (timedPolls) {
            core.stats.afterTimedPoll(core.pollStart, task);
        }
        if (pool.lvLifecycle() >= Lifecycle.STOP) {
            // STOP interrupts on purpose; the interrupt stays
            return false;
        }
        // an interrupt aimed at the finished task must not leak into the next one; tested on
        // the thread at hand (one load of its flag), cleared only when set: Thread.interrupted()
        // reads the current thread first, two more loads on every task
        if (thread.isInterrupted()) {
            Thread.interrupted();
        }
        return holding;
    }

    /**
     * Before a poll when polls are observed: the poll's start (kept in the core for
     * {@link #afterRun}), the schedule latency, the detector's task number. Returns the task
     * to run (the user's, unwrapped from its submission timestamp).
     */
    private Runnable beforeObservedPoll(WorkerCore core, WorkerThread thread, Runnable queued) {
        final long pollStart = core.stats.pollStart();
        core.pollStart = pollStart;
        final Runnable task = scheduleLatency ? core.stats.onScheduled(queued, pollStart) : queued;
        if (detecting) {
            // the detector's task number: one opaque store, only when detection is on
            thread.poNextTaskSeq();
        }
        return task;
    }

    /**
     * Hands a throwable of a task or hook to the pool's handler, else the thread's; a failing
     * handler is ignored, so nothing kills a worker.
     *
     * @param thread the thread it was thrown on
     * @param t what was thrown
     */
    public void reportUncaught(Thread thread, Throwable t) {
        try {
            final Thread.UncaughtExceptionHandler h = handler != null
                    ? handler
                    : thread.getUncaughtExceptionHandler();
            h.uncaughtException(thread, t);
        } catch (Throwable ignored) {
            // a failing handler must not kill the worker either
        }
    }

    /**
     * Runs a task on a thread without a core (after STOP); a throwing task is reported.
     *
     * @param thread the calling thread
     * @param task the task
     */
    public void runDetached(WorkerThread thread, Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            reportUncaught(thread, t);
        }
    }
}
