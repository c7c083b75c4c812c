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

import io.tidepool.internal.metrics.WorkerStats;
import io.tidepool.internal.park.IdleSet;
import io.tidepool.internal.queue.Inbox;
import io.tidepool.internal.queue.WorkStealingDeque;
import io.tidepool.internal.worker.Lifecycle;
import io.tidepool.internal.worker.ParkBackoff;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.TaskRunner;
import io.tidepool.internal.worker.TimerTurns;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import java.util.ArrayList;

/**
 * The worker loop of pinned-core mode: a reactor turn of messages, tasks and pollers, then the
 * idle strategy. Used instead of {@code WorkerLoop} when the pool is pinned, so the default
 * loop carries no pinned-mode code.
 *
 * <pre>
 *   turn:
 *     up to MESSAGE_BATCH messages of this core (never stolen)
 *     up to TASK_BATCH tasks: own deque, refilled from the own task inbox
 *     if nothing ran and stealing is on: one task from the nearest victim with one
 *     due pollers (all pollers are closed instead once the pool is SHUTDOWN)
 *     due timers: their tasks go on the own deque for the next turn (the wheel is polled every
 *     turn while it holds timers, so a timer is late by at most a tick plus one idle step)
 *     work = messages + tasks + sum of the pollers' returned counts
 *     work > 0: disarm the wake word if armed; idle.idle(work) (resets the strategy)
 *     work = 0: SHUTDOWN and no timer: sleep in the idle set (so the pool can terminate)
 *               not armed: arm (volatile store) and take one more turn (the Dekker re-check)
 *               armed: idle.idle(0) (spin, yield or park; a submitter's unpark ends a park)
 * </pre>
 * All methods run on the thread that currently holds the core.
 */
final class ReactorLoop {
    /** Messages run per turn; bounds how long pollers wait behind a burst of messages. */
    static final int MESSAGE_BATCH = 64;
    /** Tasks run per turn, and moved from the task inbox into the deque per visit. */
    static final int TASK_BATCH = 64;

    private final Pool pool;
    /** The pool's task runner; called once per task. */
    private final TaskRunner runner;
    private final Reactors reactors;
    private final WorkerThread thread;
    /** This loop's timer turns: due timers' tasks go on the own deque for the next turn. */
    private final TimerTurns timerTurns;
    /** What follows a throwing custom park: report once, back off. */
    private final ParkBackoff parkBackoff;
    /** Receives the task an inbox refill hands back to run; empty between refills. */
    private final Runnable[] taken = new Runnable[1];

    ReactorLoop(Pool pool, Reactors reactors, WorkerThread thread) {
        this.pool = pool;
        this.runner = pool.runner();
        this.reactors = reactors;
        this.thread = thread;
        this.timerTurns = new TimerTurns(pool);
        this.parkBackoff = new ParkBackoff(runner);
    }

    /** Runs {@code core} until the pool is done or the core is taken from this thread. */
    void run(WorkerCore core) {
        final ReactorCore rc = reactors.core(core.index);
        final ReactorIdle idle = rc.idle;
        final boolean stealing = reactors.stealing();
        rc.wake.bind();
        if (rc.wake.lpArmed()) {
            // a backup taking over a core whose previous thread was armed (it cannot be: the
            // previous thread was running a task), kept for safety
            rc.wake.disarm();
        }
        while (thread.lvCore() == core) {
            final int ls = pool.lvLifecycle();
            if (ls >= Lifecycle.STOP) {
                exitStopped(core, rc);
                return;
            }
            int work = runMessages(core, rc);
            if (thread.lvCore() != core) {
                return;
            }
            work += runTasks(core);
            if (thread.lvCore() != core) {
                return;
            }
            if (work == 0 && stealing) {
                work += steal(core, rc);
                if (thread.lvCore() != core) {
                    return;
                }
            }
            if (ls == Lifecycle.SHUTDOWN) {
                if (!rc.pollers.isEmpty()) {
                    rc.closePollers();
                }
            } else {
                work += runPollers(rc);
            }
            work += timerTurns.fire(core);
            if (work > 0) {
                // a busy reactor's counts are published every 64 polls or so (busy time every 8th time)
                if (core.lpBatchPolls() >= WorkerStats.FLUSH_INTERVAL) {
                    core.flushBatch();
                }
                if (rc.wake.lpArmed()) {
                    rc.wake.disarm();
                }
                idle(idle, work);
                continue;
            }
            // a turn without work: the batch of tasks run since the last idle turn ends here
            // (busy time stops, and its polls are published)
            core.endBatch();
            if (ls == Lifecycle.SHUTDOWN && !core.timers.holdsTimers()) {
                sleepForShutdown(core, rc);
                continue;
            }
            if (!rc.mayPark) {
                idle(idle, 0);
                continue;
            }
            if (!rc.wake.lpArmed()) {
                // volatile store, then the next turn re-reads every own queue: Dekker with the
                // submitter's enqueue and read of the wake word (see ReactorWake)
                rc.wake.arm();
                continue;
            }
            if (!rc.messages.isEmpty() || !core.inbox.isEmpty()) {
                // a task that arrived after this turn's take (or whose inbox a thief held): not
                // taken this turn, but its producer may have read the wake word before the arm,
                // so do not park
                continue;
            }
            // a stray interrupt (say, a late cancel(true) of a finished task) would make every
            // park return at once; shutdownNow is seen as the STOP state instead
            Thread.interrupted();
            idle(idle, 0);
        }
    }

    /**
     * One turn of the user's idle strategy: a throw is reported and the loop goes on (a dead
     * reactor would strand its messages and tasks).
     */
    private void idle(ReactorIdle idle, int work) {
        try {
            idle.idle(work);
        } catch (Throwable t) {
            runner.reportUncaught(thread, t);
        }
    }

    /** Runs up to {@link #MESSAGE_BATCH} messages; returns how many ran. */
    private int runMessages(WorkerCore core, ReactorCore rc) {
        final Inbox messages = rc.messages;
        int n = 0;
        while (n < MESSAGE_BATCH) {
            final Runnable m = takeOne(messages);
            if (m == null) {
                break;
            }
            n++;
            // one at a time, claim released before running: a message that hands the core off
            // (a blocking section) leaves the rest in the inbox for the thread taking over, and
            // shutdownNow's sweep never waits behind a running message
            runTask(core, m);
            if (thread.lvCore() != core) {
                // the core's stats belong to the thread that took it over
                return n;
            }
        }
        if (n > 0) {
            core.stats.onInboxTake(n, false);
        }
        return n;
    }

    /** Runs up to {@link #TASK_BATCH} tasks from the own deque, refilled from the task inbox. */
    private int runTasks(WorkerCore core) {
        int n = 0;
        while (n < TASK_BATCH) {
            Runnable task = core.deque.pollOldest();
            if (task == null) {
                task = refillFromInbox(core);
                if (task == null) {
                    break;
                }
            }
            n++;
            runTask(core, task);
            if (thread.lvCore() != core) {
                break;
            }
        }
        return n;
    }

    /**
     * Takes one task from the own task inbox and moves up to a batch more into the deque, as
     * the work-stealing worker does ({@link WorkStealingDeque#takeInbox}: the deque grows before
     * anything is taken, and a fault in the move leaves every task it took in the deque).
     */
    private Runnable refillFromInbox(WorkerCore core) {
        final Inbox inbox = core.inbox;
        if (inbox.isEmpty() || !inbox.tryClaim()) {
            return null;
        }
        final int n;
        try {
            n = WorkStealingDeque.takeInbox(inbox, TASK_BATCH, core.deque, taken);
            if (n > 0) {
                core.stats.onInboxTake(n, false);
            }
        } finally {
            // after the move: a shutdownNow sweep that claims this inbox next finds the batch in
            // the deque
            inbox.release();
        }
        if (n == 0) {
            return null;
        }
        final Runnable first = taken[0];
        taken[0] = null;
        return first;
    }

    /** With stealing on: one task from the nearest victim that has one, deque before inbox. */
    private int steal(WorkerCore core, ReactorCore rc) {
        final WorkerCore[] all = pool.cores();
        for (int v : rc.victims) {
            final WorkerCore victim = all[v];
            Runnable task = victim.deque.steal();
            if (task == null) {
                task = takeOne(victim.inbox);
            }
            if (task != null) {
                core.stats.onStealOperation();
                runTask(core, task);
                return 1;
            }
        }
        return 0;
    }

    private static Runnable takeOne(Inbox inbox) {
        if (inbox.isEmpty() || !inbox.tryClaim()) {
            return null;
        }
        try {
            return inbox.relaxedPoll();
        } finally {
            inbox.release();
        }
    }

    /** Calls the due pollers; drops closed ones. Returns the sum of their work counts. */
    private int runPollers(ReactorCore rc) {
        final ArrayList<ReactorPoller> pollers = rc.pollers;
        final int size = pollers.size();
        if (size == 0) {
            return 0;
        }
        // one clock read per turn, shared by every timed poller; none without timed pollers
        final long now = rc.timedPollers > 0 ? System.nanoTime() : 0L;
        int work = 0;
        boolean anyClosed = false;
        for (int i = 0; i < size; i++) {
            final ReactorPoller p = pollers.get(i);
            final int state = p.lvState();
            if (state != ReactorPoller.ACTIVE) {
                anyClosed |= state == ReactorPoller.CLOSED;
                continue;
            }
            final long interval = p.intervalNanos;
            if (interval > 0) {
                if (now - p.deadline < 0) {
                    continue;
                }
                p.deadline += interval;
                if (now - p.deadline >= 0) {
                    // more than one interval behind: skip the missed calls
                    p.deadline = now + interval;
                }
            }
            try {
                final int w = p.function.poll();
                if (w > 0) {
                    work += w;
                }
            } catch (Throwable t) {
                runner.reportUncaught(thread, t);
            }
        }
        if (anyClosed) {
            rc.removeClosedPollers();
        }
        return work;
    }

    /**
     * Idle during SHUTDOWN: park in the pool's idle set like a default worker, so that the last
     * one to sleep finds the pool quiescent and terminates it. A submitter from inside the pool
     * sees SLEEPING and wakes us through the idle set.
     */
    private void sleepForShutdown(WorkerCore core, ReactorCore rc) {
        final IdleSet idle = pool.idle();
        final int index = core.index;
        idle.transitionToParked(index, false);
        // volatile store after the idle-set RMW, then the re-check: Dekker with wakeAfterPublish
        rc.wake.sleeping();
        if (!rc.queuesLookEmpty()) {
            idle.unparkById(index);
            rc.wake.disarm();
            return;
        }
        pool.tryTerminate();
        int woke;
        while ((woke = idle.acknowledgeWake(index)) == IdleSet.PARKED) {
            if (pool.lvLifecycle() >= Lifecycle.STOP) {
                break;
            }
            if (core.timers.holdsTimers() && idle.unparkById(index)) {
                // a timer set by another pool thread after this core went to sleep: back to
                // the turns, which fire it (its submitter unparked us)
                woke = IdleSet.AWAKE;
                break;
            }
            Thread.interrupted();
            try {
                core.park.park();
            } catch (Throwable t) {
                // as a spurious wake: the loop reads the sleep state again; reported once per
                // run of throws, with a backoff so that a park throwing every time cannot spin
                parkBackoff.failed(thread, t);
                continue;
            }
            parkBackoff.succeeded();
            if (!core.deque.isEmpty()) {
                // the park itself queued work here (a custom park that wakes tasks, such as a
                // readiness reactor's, runs their wakes on this thread, and pushOwn wakes
                // nobody): nobody else is owed a wake for it, so this core takes itself off
                // the sleeper stack and goes back to its turns, which run it
                idle.unparkById(index);
            }
        }
        if (woke == IdleSet.WOKEN_SEARCHING) {
            // chosen by a notifyParked(): counted as a searcher, which a reactor never is
            if (idle.transitionFromSearching()) {
                pool.notifyParked();
            }
        }
        rc.wake.disarm();
    }

    /**
     * After shutdownNow: its sweep took every queued message and task it could; run what still
     * reached the own deque (a push that won a race with the sweep), then exit. Pollers close.
     */
    private void exitStopped(WorkerCore core, ReactorCore rc) {
        rc.closePollers();
        Runnable task;
        while ((task = core.deque.pop()) != null) {
            runTask(core, task);
        }
        // publishes the polls of the last batch (the reactor exits)
        core.endBatch();
    }

    /**
     * Runs a task in the open batch, opening one if a run of tasks starts here (a reactor's turns
     * mix messages, tasks and pollers, so it opens per task: one flag test when open).
     */
    private void runTask(WorkerCore core, Runnable task) {
        core.openBatch();
        runner.run(core, thread, task);
    }
}
