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

import io.tidepool.Park;
import io.tidepool.internal.park.IdleSet;
import io.tidepool.internal.park.ThreadPark;
import io.tidepool.internal.queue.WorkStealingDeque;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The worker run loop: where a worker looks for its next task, and how it goes to sleep.
 *
 * <pre>
 *   loop:
 *     every FAIRNESS_INTERVAL tasks: own inbox first
 *     own deque: the task just spawned by the last task (at most 3 in a row), else the oldest
 *     own inbox (a batch moves into the deque)
 *     own timers: due ones push their tasks on the deque (also at every fairness turn)
 *     woken out of a long park for one task, and nothing more: park again at once
 *     yield the CPU once (Thread.yield), to a thread this worker's task just woke
 *     search: steal from random victims, deque then inbox (at most half the workers search)
 *     spin a little, looking again
 *     park (idle-set protocol) until woken or the next timer's deadline, or exit when the pool
 *     is done
 * </pre>
 * All methods run on the thread that currently holds the core.
 */
final class WorkerLoop implements BooleanSupplier {
    /** How often a worker looks past its own deque; tokio uses 61 too (a prime, so it drifts). */
    static final int FAIRNESS_INTERVAL = 61;
    /** Most consecutive runs of a just-spawned task before the oldest queued task goes next. */
    static final int MAX_LIFO_RUNS = 3;
    /**
     * Spin rounds before parking, each a short pause then a look at every queue. Two rounds keep
     * a chain of spawns or a ping-pong on warm threads (zero rounds cost chained_spawn 3x); more
     * rounds burn a CPU that an oversubscribed machine's submitting thread needs (profiled on
     * spawn_many_remote, 2 CPUs: spinning plus the inbox consumer waiting for a descheduled
     * producer took 55% of samples with eight rounds). See docs/benchmarks.md.
     */
    static final int SPIN_ROUNDS = 2;
    static final int SPINS_PER_ROUND = 64;
    /**
     * A park longer than this, followed by a single task, makes the next idle spell park at
     * once ({@link #parksAtOnce}). Chosen, not tuned: ten times what a wake onto the waker's
     * own CPU took where it was traced (about 5 µs), so that a busy pool's workers, woken
     * within microseconds of parking, keep their spin. Measured out of idle gaps of 50 µs,
     * 500 µs and 5 ms (docs/benchmarks.md, "Out of idle").
     */
    static final long LONG_PARK_NANOS = 50_000;

    private final Pool pool;
    /** The pool's task runner; called once per task. */
    private final TaskRunner runner;
    private final WorkerThread thread;
    /** What follows a throwing custom park: report once, back off. */
    private final ParkBackoff parkBackoff;
    /** The core this loop is parking, for {@link #getAsBoolean()}. */
    private WorkerCore parking;
    /** This loop's timer turns. */
    private final TimerTurns timerTurns;

    WorkerLoop(Pool pool, WorkerThread thread) {
        this.pool = pool;
        this.runner = pool.runner();
        this.thread = thread;
        this.timerTurns = new TimerTurns(pool);
        this.parkBackoff = new ParkBackoff(runner);
    }

    /**
     * Runs {@code core} until the pool is done or the core is taken from this thread.
     *
     * <p>Split into methods by how often each step runs, so that HotSpot compiles every step
     * well with no flag. This method is entered once per thread and runs for its life; its loop
     * turns once per run of tasks, and out of idle once per burst, far too rarely for an
     * on-stack-replacement compilation, so it runs in the interpreter for good. It is therefore
     * two calls per turn and nothing else: {@link #runOwn}, the per-task loop, and
     * {@link #runNext}, the step between runs (inbox, timers, the idle path, the next task),
     * each compiled by its own invocation count. Profiled on JDK 17 and 25 (one task after
     * 500 µs idle, docs/benchmarks.md): when the step between runs was written out in this
     * loop, the interpreter running it was a quarter of the worker's samples outside park and
     * unpark.
     *
     * <p>Why the per-task step is a method of its own: in an on-stack-replacement compilation
     * every call looks hot, and when the per-task step lived in this loop C2 inlined the cold
     * steps (search, spin, park, the inbox) first and ran out of node budget before the task
     * call ("NodeCountInliningCutoff"), or found that call compiled on its own first and too big
     * ("already compiled into a big method"). {@link #runOwn}, entered once per run of tasks,
     * gets an invocation profile and a compilation of its own, small enough that the take and
     * the task call inline. A single compiled step for the whole turn (one call per turn) let
     * C2 inline {@code runOwn} into it, and spawn_many_remote fell to 0.6-0.8x of its speed in
     * short runs on both JDKs.
     */
    void run(WorkerCore core) {
        // the statistics' batches open and end here, on the paths into and out of a run of
        // tasks, so running a task tests no batch flag (see WorkerStats)
        core.openBatch();
        boolean holds = holds(core);
        while (holds) {
            // false from runOwn: the core left this thread or the pool stopped
            holds = runOwn(core) ? runNext(core) : holds(core);
        }
    }

    /**
     * Whether this thread still holds {@code core} and the pool has not stopped; after a stop,
     * runs what is left in the own deque first ({@link #exitStopped}).
     */
    private boolean holds(WorkerCore core) {
        if (thread.lvCore() != core) {
            return false;
        }
        if (pool.lvLifecycle() >= Lifecycle.STOP) {
            exitStopped(core);
            return false;
        }
        return true;
    }

    /**
     * After a run of tasks from the own deque: the next task from the inbox, the timers or the
     * idle path, and that task.
     *
     * @return whether this thread still holds the core and the pool has not stopped
     */
    private boolean runNext(WorkerCore core) {
        // the own deque ran dry (or the fairness turn found nothing): the inbox next
        Runnable task = takeInbox(core, core);
        if (task == null && fireTimers(core)) {
            task = core.deque.pollOldest();
        }
        if (task == null) {
            // the own queues ran dry: the batch of tasks run since the last one ends here
            final boolean atOnce = parksAtOnce(core.lastParkNanos, core.batchPolls);
            core.lastParkNanos = 0;
            core.endBatch();
            task = idle(core, atOnce);
            core.openBatch();
            if (task == null) {
                // the core left this thread or the pool stopped
                return holds(core);
            }
        }
        // a worker woken as a searcher may find its task in its own queues
        if (core.searching) {
            endSearch(core);
        }
        runner.run(core, thread, task);
        return holds(core);
    }

    /**
     * The per-task loop: runs tasks from the own deque (every {@link #FAIRNESS_INTERVAL} tasks
     * the fairness turn, inbox first) while this thread holds {@code core} and the pool has not
     * stopped. Returns true when the own deque ran dry (the caller takes the inbox next, as the
     * loop did when it was one method), false when the core left this thread or the pool
     * stopped (the caller's checks then end the loop).
     */
    private boolean runOwn(WorkerCore core) {
        final TaskRunner r = runner;
        final WorkerThread t = thread;
        // a core handed over while counted as searching (its last holder's park woke it as a
        // searcher, then the core left that thread) stops searching here, once per run of
        // tasks: nothing on this loop's path sets the flag (only search() and park() do, on
        // the idle path, which ends the search before it returns a task), so the per-task
        // step does not test it
        if (core.searching) {
            endSearch(core);
        }
        while (true) {
            final Runnable task = core.batchPolls < FAIRNESS_INTERVAL
                    ? takeOwn(core)
                    : fairnessTurn(core);
            if (task == null) {
                return true;
            }
            // TaskRunner.run, written out (see TaskRunner.beforeRun): the only call here that
            // may stay a call is the task's own run()
            final Runnable toRun = r.beforeRun(core, t, task);
            try {
                toRun.run();
            } catch (Throwable e) {
                r.reportUncaught(t, e);
            }
            // false: a hand-off or a retake moved the core to another thread, or shutdownNow
            // (the outer loop's checks then end the loop; exitStopped runs what is left)
            if (!r.afterRun(core, t, toRun)) {
                return false;
            }
        }
    }

    /**
     * A task from the own queues, or null.
     *
     * <p>Order: oldest first (FIFO, from the top of the deque, as a thief would take it), except
     * that the task most recently spawned by the task that just ran goes next (LIFO, from the
     * bottom), at most {@link #MAX_LIFO_RUNS} times in a row. This is tokio's "LIFO slot" (warm
     * caches for message passing and chains of spawns) without its cost: the slot is the bottom
     * of the deque, so it stays stealable, and a task that re-submits itself runs at most
     * {@code MAX_LIFO_RUNS} times in a row before everything queued before it.
     */
    private Runnable next(WorkerCore core) {
        final Runnable task = core.batchPolls < FAIRNESS_INTERVAL ? takeOwn(core) : fairnessTurn(core);
        return task != null ? task : takeInbox(core, core);
    }

    /**
     * Every {@link #FAIRNESS_INTERVAL} tasks: publishes the batch's counts (a busy worker's
     * figures lag by at most this many tasks; the count starts again from zero), then the own
     * inbox first, then the deque.
     *
     * <p>Kept out of the per-task step on purpose. Measured on JDK 17 (CounterCost, one worker):
     * when this step was part of one method with the per-task step, HotSpot sometimes compiled
     * that method on its own first, with the flush and the inbox take inlined, and the result
     * was then too big to inline into the worker loop's compilation ("already compiled into a
     * big method" in -XX:+LogCompilation): a call per task, 13% of the throughput of empty tasks.
     */
    private Runnable fairnessTurn(WorkerCore core) {
        // the flush restarts the count of tasks that parksAtOnce reads: forget the park too
        core.lastParkNanos = 0;
        core.flushBatch();
        fireTimers(core);
        final Runnable task = takeInbox(core, core);
        return task != null ? task : takeOwn(core);
    }

    /**
     * The per-task step: the task most recently spawned by the task that just ran if the LIFO
     * rule allows it, else the oldest in the own deque; null if the deque is empty.
     */
    private Runnable takeOwn(WorkerCore core) {
        // the task that ran last spawned onto this deque if the spawn count moved since the
        // last look
        final int spawns = core.spawns;
        final boolean spawnedByLast = spawns != core.spawnsSeen;
        core.spawnsSeen = spawns;
        if (spawnedByLast && core.lifoRuns < MAX_LIFO_RUNS) {
            final Runnable task = core.deque.pop();
            if (task != null) {
                core.lifoRuns++;
                return task;
            }
        }
        core.lifoRuns = 0;
        return core.deque.pollOldest();
    }

    /**
     * Takes a task from {@code from}'s inbox, moving up to a batch more into {@code core}'s
     * deque, or returns null if it is empty or another consumer holds it. The move is
     * {@link WorkStealingDeque#takeInbox}: it grows the deque before it takes anything and, if
     * a call in it faults, leaves every task it took in the deque.
     */
    private Runnable takeInbox(WorkerCore core, WorkerCore from) {
        if (from.inbox.isEmpty() || !from.inbox.tryClaim()) {
            return null;
        }
        final Runnable[] out = core.batch;
        final int n;
        try {
            // from another worker take about half, so two thieves share a burst
            final int limit = from == core ? WorkerCore.INBOX_BATCH
                    : Math.max(1, Math.min(WorkerCore.BATCH, from.inbox.size() / 2));
            // oldest first (per lane; lanes in rotation), so they come out of the FIFO end in
            // the order taken
            n = WorkStealingDeque.takeInbox(from.inbox, limit, core.deque, out);
            // counted here, by the consumer, not by the submitting threads: no shared counter
            core.stats.onInboxTake(n, from != core);
        } finally {
            // release after the move: a shutdownNow sweep that claims this inbox next then
            // finds the batch in the deque
            from.inbox.release();
        }
        if (n == 0) {
            return null;
        }
        final Runnable first = out[0];
        out[0] = null;
        if (n > 1) {
            pool.notifyParkedAfterPush();
        }
        return first;
    }

    /**
     * Steals from random victims while counted as searching; null if nothing was found. First
     * from the deques of retaken cores, if any (one volatile read when there are none): they
     * have no worker of their own any more.
     */
    private Runnable search(WorkerCore core) {
        final WorkStealingDeque<Runnable>[] orphans = pool.orphans();
        for (WorkStealingDeque<Runnable> orphan : orphans) {
            final Runnable task = stealDeque(core, orphan);
            if (task != null) {
                core.stats.onStealOperation();
                return task;
            }
        }
        final WorkerCore[] cores = pool.cores();
        final int n = cores.length;
        if (n == 1) {
            return null;
        }
        if (!core.searching) {
            if (!pool.idle().transitionToSearching()) {
                return null;
            }
            core.searching = true;
        }
        final int start = core.nextRandom(n);
        for (int i = 0; i < n; i++) {
            final WorkerCore victim = cores[(start + i) % n];
            if (victim == core) {
                continue;
            }
            Runnable task = stealDeque(core, victim.deque);
            if (task == null) {
                task = takeInbox(core, victim);
            }
            if (task != null) {
                core.stats.onStealOperation();
                return task;
            }
        }
        return null;
    }

    /**
     * A timer turn when the own timers may be due (see {@link TimerTurns#fire}); wakes a parked
     * worker if more than one task was pushed.
     *
     * @return whether a task was pushed
     */
    private boolean fireTimers(WorkerCore core) {
        final int fired = timerTurns.fire(core);
        if (fired > 1) {
            pool.notifyParkedAfterPush();
        }
        return fired > 0;
    }

    /**
     * Steals one task to run, plus up to half of the rest (a batch of at most
     * {@link WorkStealingDeque#STEAL_LIMIT} in all) into the own deque, with one CAS on the
     * victim (element by element, a thief paid a CAS and a fence per task, and the pushed tasks
     * were stolen back the same way: two workers on spawn_many_local ran slower than one).
     */
    private Runnable stealDeque(WorkerCore core, WorkStealingDeque<Runnable> victim) {
        if (victim == core.deque) {
            // the orphans can list this core's own deque (blocking hand-offs move deques
            // between threads; the blocking_cpu_bound benchmark reached this): take its oldest
            // task as any thief would, since a batch cannot land in the deque it comes from
            return victim.steal();
        }
        // the inbox batch array, free here: takeInbox clears it before it returns
        final Runnable[] out = core.batch;
        final int stolen = victim.stealInto(core.deque, out);
        if (stolen == 0) {
            return null;
        }
        final Runnable first = out[0];
        out[0] = null;
        core.stats.onDequeSteal(stolen);
        if (!core.deque.isEmpty()) {
            pool.notifyParkedAfterPush();
        }
        return first;
    }

    /** Looks again a few times with short pauses before giving up the CPU. */
    private Runnable spin(WorkerCore core) {
        for (int round = 0; round < SPIN_ROUNDS; round++) {
            for (int i = 0; i < SPINS_PER_ROUND; i++) {
                Thread.onSpinWait();
            }
            if (pool.lvLifecycle() >= Lifecycle.STOP) {
                return null;
            }
            Runnable task = next(core);
            if (task == null) {
                task = search(core);
            }
            if (task != null) {
                return task;
            }
        }
        return null;
    }

    /**
     * Stops searching (this worker found a task). The last searcher to leave owes a wake to the
     * submitters that saw it searching and so woke nobody, but only if their work is still
     * queued: waking a sleeper for nothing costs an unpark before the task runs, and out of
     * idle (one task for a sleeping pool) it cost a second thread's wake on every burst.
     *
     * <p>Why the re-check cannot miss such a task (the argument of {@link #park}'s re-check):
     * a submitter publishes its task (the queue's volatile store) before it reads the idle
     * state in {@code notifyParked}; the transition below is a volatile read-modify-write of
     * that state. If the submitter's read came before the transition, it saw this worker
     * searching, and its publication is ordered before the scan after the transition, which
     * therefore sees the task (a queue whose task was taken since is no longer owed a wake). If
     * its read came after, it saw no searcher and chose a sleeper to wake itself.
     */
    private void endSearch(WorkerCore core) {
        core.searching = false;
        if (pool.idle().transitionFromSearching() && pool.anyQueueLooksNonEmpty()) {
            pool.notifyParked();
        }
    }

    /**
     * The idle path, from the moment the own queues ran dry to the next task: search, spin, park,
     * and after each wake the look for the task the worker was woken for (own deque, own inbox,
     * own timers, then a search), ending the search when it found one.
     *
     * <p>One method, entered once per idle spell, so that HotSpot compiles the way out of a park
     * by invocation counts. When the look after a wake was the next turn of {@link #run}'s loop,
     * a pool that spends its life between bursts ran it in the interpreter: {@code run} is
     * entered once per thread, its loop turns about twice per burst, far below the backedge
     * count of an on-stack-replacement compilation (no compilation of {@code run} in 10,000
     * bursts on JDK 17 and 25, {@code -XX:+PrintCompilation}); with that threshold lowered the
     * time from a worker's wake to its task's start dropped from 2.6 to 0.6 µs (median, JDK 17,
     * on a loaded machine; see docs/benchmarks.md).
     *
     * @param atOnce park without the yield, the search and the spin ({@link #parksAtOnce})
     * @return a task to run (the search, if any, ended), or null when the caller must look at
     *     its own state again (the core left this thread, or the pool stopped)
     */
    private Runnable idle(WorkerCore core, boolean atOnce) {
        Runnable task = null;
        if (!atOnce) {
            giveWayToWoken();
            task = search(core);
            if (task == null) {
                task = spin(core);
            }
        }
        while (task == null) {
            if (!park(core) || thread.lvCore() != core || pool.lvLifecycle() >= Lifecycle.STOP) {
                return null;
            }
            // woken: the own queues first (the inbox a submission out of idle targets), as the
            // worker loop's next turn would look
            task = next(core);
            if (task == null && fireTimers(core)) {
                task = core.deque.pollOldest();
            }
            if (task == null) {
                task = search(core);
            }
            if (task == null) {
                task = spin(core);
            }
        }
        if (core.searching) {
            endSearch(core);
        }
        return task;
    }

    /**
     * Offers the CPU, once per idle spell, to any thread waiting for it ({@link Thread#yield}:
     * one system call, which returns at once when nothing else is runnable here).
     *
     * <p>Why: a thread woken by a task (a spawn waking a sleeping worker, a task completing
     * what a client waits for) is often queued by the kernel on the CPU of its waker, even
     * with another CPU idle (traced on a 2-vCPU VM), and then waits there until the waker
     * blocks. Without this step the waker, out of work, searched and spun for microseconds
     * before it parked, most likely holding up the very thread that had work (inferred, not
     * traced for each benchmark). Measured out of idle on 2 CPUs, JDK 17 and 25 (a chain of
     * 100 spawns after a 500 µs idle gap, docs/benchmarks.md): p50 20-30 µs with this step
     * against 34-73 without it.
     *
     * <p>It comes before the search, while this worker is counted awake but not searching:
     * a submission made while it is off the CPU then wakes a sleeper instead of counting on
     * a searcher that the yield descheduled. The spin after the search still catches work
     * that arrives a moment later.
     *
     * <p>Skipped, with the search and the spin, by a worker woken out of a long park for a
     * single task ({@link #parksAtOnce}): for one task out of idle on JDK 17 the yield made
     * bursts over 1 ms about twice as frequent (0.10% against 0.05%, docs/benchmarks.md).
     */
    private static void giveWayToWoken() {
        Thread.yield();
    }

    /**
     * Whether an idle spell parks at once, without {@link #giveWayToWoken}, the search and the
     * spin: when the worker's last park lasted longer than {@link #LONG_PARK_NANOS} and it has
     * run exactly one task since. That is a worker woken out of idle for a single task, as a
     * service's pool is between requests, where the next task is likely as far away as the
     * last park was long, and the thread the task woke (the client waiting for its result) is
     * often queued on this worker's CPU. The park's own re-check of every queue still catches
     * work that came meanwhile.
     *
     * <p>Traced on 2 vCPUs (Linux 6.18, JDK 17 and 25; docs/benchmarks.md, "Out of idle"):
     * <ul>
     *   <li>A worker that stayed for the yield, the search and the spin kept its CPU about 9 µs
     *       after the client had gone back to sleep; parking at once, about 5 µs.</li>
     *   <li>At the next burst, the woken worker preempted the submitting thread and ran the
     *       task on its CPU at once in 0.2% of the bursts with the yield, and in 33-38%
     *       without it. Those bursts are the short ones: the submitter never sleeps, so it is
     *       not woken back either. ForkJoinPool on JDK 17, which parks right after its task,
     *       does this in half of the bursts. Why a yield loses it is inferred, not traced: the
     *       kernel's yield (EEVDF) moves the yielding thread back in its CPU's queue, and that
     *       place is what the next wake starts from.</li>
     * </ul>
     * A chain of spawns or a ping-pong keeps the yield and the spin: the worker there ran more
     * than one task, or its park was short.
     *
     * @param lastParkNanos how long the last park lasted; 0 if the worker did not park since
     *     the count of tasks began
     * @param tasksRun tasks run since the last idle spell (or the last fairness turn)
     * @return whether to park at once
     */
    static boolean parksAtOnce(long lastParkNanos, int tasksRun) {
        return tasksRun == 1 && lastParkNanos > LONG_PARK_NANOS;
    }

    /**
     * Parks until woken, or returns early when the pool reaches STOP or a take-back hands the
     * core to another thread.
     *
     * @return true if woken to look for work, false if the caller must look at its own state
     *     first (STOP, or the core left this thread)
     */
    private boolean park(WorkerCore core) {
        final IdleSet idle = pool.idle();
        final int index = core.index;
        if (pool.lvLifecycle() >= Lifecycle.STOP) {
            return false;
        }
        if (!pool.retaking()) {
            idle.transitionToParked(index, core.searching);
        } else {
            // the monitor retakes a core under the same lock: a thread that lost its core
            // never parks in the worker's name (see Retake); its loop then ends
            parking = core;
            final boolean parked = idle.transitionToParkedIf(index, core.searching, this);
            parking = null;
            if (!parked) {
                return false;
            }
        }
        core.searching = false;
        // Our decrement above is a volatile read-modify-write: a submitter that read us as
        // unparked or searching published its task before that read, so this scan sees it.
        // Every queue, ours included, and the answer always goes through notifyParked(): a
        // searcher that found work in its own queue here and simply kept it would leave a
        // submitter that relied on it (it saw a searcher, so it woke nobody) without the wake
        // a last searcher owes. notifyParked() usually picks us (the sleeper stack is LIFO);
        // we then search, and ending that search wakes the next worker if there is more.
        if (pool.anyQueueLooksNonEmpty()) {
            pool.notifyParked();
        }
        if (pool.lvLifecycle() == Lifecycle.SHUTDOWN) {
            pool.tryTerminate();
        }
        core.stats.onPark();
        final long parkedAt = System.nanoTime();
        final Object parkEvent = core.stats.beginParkEvent();
        final HandOffHooks handOffs = pool.handOffs();
        int woke;
        while ((woke = idle.acknowledgeWake(index)) == IdleSet.PARKED) {
            if (pool.lvLifecycle() >= Lifecycle.STOP) {
                // decline a take-back asked before STOP (one asked later is withdrawn)
                handOffs.answerTakeBack(thread, core);
                return false;
            }
            // a stray interrupt (say, a late cancel(true) of a finished task) would make every
            // park return at once and turn this loop into a spin
            Thread.interrupted();
            final long wait = timerTurns.parkNanos(core);
            if (wait == TimerTurns.SPIN) {
                // within a timer slack of a deadline: spin, reading the wake word each step, so
                // a submitter's wake is not held up until the timer fires
                Thread.onSpinWait();
                continue;
            }
            if (wait == 0) {
                // a timer is due: wake up as a worker that is not searching, and fire it
                if (idle.unparkById(index)) {
                    woke = IdleSet.AWAKE;
                    break;
                }
                // woken meanwhile: the next acknowledgeWake sees how
                continue;
            }
            // pushes made inside the park notify nobody (WorkStealingMode.pushLocal): the
            // look below stands in for them
            core.inPark = true;
            try {
                parkOnce(core, wait);
            } finally {
                core.inPark = false;
            }
            // what the park pushed (a reactor's wakes, in readiness order) is not a spawn of
            // the task that ran last: the LIFO rule must not run the newest first
            core.spawnsSeen = core.spawns;
            core.timers.awake();
            if (!core.deque.isEmpty()) {
                // the park itself queued work here (a reactor's park wakes the tasks whose
                // readiness it found, onto this worker's deque); nobody else is owed a wake
                // for it, so this worker takes itself off the sleeper stack, not searching,
                // and runs it
                idle.unparkById(index);
            }
        }
        core.lastParkNanos = System.nanoTime() - parkedAt;
        core.stats.endParkEvent(parkEvent);
        // a section's thread may have claimed this worker (TakeBack): hand it over now, before
        // the loop touches the core again; one volatile load when nobody asked
        if (handOffs.answerTakeBack(thread, core)) {
            return false;
        }
        core.searching = woke == IdleSet.WOKEN_SEARCHING;
        return true;
    }

    /**
     * One park through the worker's {@code Park}, user code when the pool has a custom park: a
     * throw is taken as a spurious wake (the loop looks at its sleep state again), so it never
     * ends the worker; the first throw of a run is reported, and the thread backs off
     * ({@link ParkBackoff}) so that a park throwing every time does not spin.
     */
    private void parkOnce(WorkerCore core, long nanos) {
        try {
            final Park park = core.park;
            if (nanos < 0) {
                park.park();
            } else if (park instanceof ThreadPark p) {
                // the default park takes the nanoseconds as they are: a timed park (every
                // sleep until a periodic task's next run) allocates no Duration
                p.parkNanos(nanos);
            } else {
                park.park(Duration.ofNanos(nanos));
            }
        } catch (Throwable t) {
            parkBackoff.failed(thread, t);
            return;
        }
        parkBackoff.succeeded();
    }

    /** Asked under the idle-set lock while parking: whether this thread still holds its core. */
    @Override
    public boolean getAsBoolean() {
        return thread.lvCore() == parking;
    }

    /**
     * After shutdownNow: its sweep took every queued task it could; run what is still in the
     * own deque (tasks won in a race with the sweep have started, so they are not lost), then
     * exit.
     */
    private void exitStopped(WorkerCore core) {
        if (core.searching) {
            core.searching = false;
            pool.idle().transitionFromSearching();
        }
        Runnable task;
        while ((task = core.deque.pop()) != null) {
            runner.run(core, thread, task);
        }
        // publishes the counts of the last batch (the worker exits)
        core.endBatch();
    }
}
