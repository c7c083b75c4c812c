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

package io.tidepool.internal.task;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.tidepool.AsyncTask;
import io.tidepool.Poll;
import io.tidepool.TaskContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIL_Result;
import org.openjdk.jcstress.infra.results.ZIL_Result;

/**
 * Races of {@link AsyncTaskCell}'s self-wake (a wake from the polling thread during its own
 * poll, recorded in a plain flag and turned into one CAS RUNNING to SCHEDULED at the poll's
 * end) against an external wake, a second worker and cancellation. Forbidden everywhere: a lost
 * wake (the cell idle after a wake that came after its poll began), a double schedule, and two
 * polls of one cell at once. State and future columns as in {@link AsyncTaskCellStress}.
 */
public final class SelfWakeStress {
    private SelfWakeStress() {}

    /**
     * Yields: wakes its own cell and returns pending for its first {@code yields} polls, then
     * {@code "done"}. Counts polls and records whether two polls ever overlapped.
     */
    static final class YieldingTask implements AsyncTask<String> {
        private final int yields;
        private final AtomicInteger inPoll = new AtomicInteger();
        private final AtomicInteger polls = new AtomicInteger();
        private volatile boolean overlapped;

        YieldingTask(int yields) {
            this.yields = yields;
        }

        @Override
        public Poll<String> poll(TaskContext cx) {
            if (inPoll.getAndIncrement() != 0) {
                overlapped = true;
            }
            try {
                if (polls.incrementAndGet() > yields) {
                    return Poll.ready("done");
                }
                cx.waker().wake();
                return Poll.pending();
            } finally {
                inPoll.decrementAndGet();
            }
        }

        int polls() {
            return polls.get();
        }

        /** Polls, negated if two ever overlapped. */
        int pollsOrOverlap() {
            return overlapped ? -polls.get() : polls.get();
        }
    }

    /**
     * The poll wakes itself while another thread wakes the cell: before the poll (it is
     * SCHEDULED, ignored), during it (NOTIFIED) or after its end (already SCHEDULED again). In
     * every case exactly one re-poll. Columns: reschedules when the actors are done, polls after
     * the arbiter ran the rescheduled cells, final state.
     */
    @JCStressTest
    @Outcome(id = "1, 2, COMPLETE", expect = ACCEPTABLE,
            desc = "one re-poll, which completed, wherever the external wake landed")
    @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "lost wake: nobody queued the re-poll")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "queued twice, polls overlapped, or a bad state")
    @State
    public static class SelfWakeVsExternalWake {
        private final RecordingScheduler scheduler = new RecordingScheduler();
        private final YieldingTask task = new YieldingTask(1);
        private final AsyncTaskCell<String> cell = new AsyncTaskCell<>(task, scheduler);

        /** A worker polls the cell; the poll wakes it. */
        @Actor
        public void worker() {
            cell.run();
        }

        /** Another thread wakes it. */
        @Actor
        public void waker() {
            cell.wake();
        }

        /** Counts reschedules, then runs what was rescheduled. */
        @Arbiter
        public void arbiter(IIL_Result r) {
            r.r1 = scheduler.reschedules.get();
            scheduler.runQueued();
            r.r2 = task.pollsOrOverlap();
            r.r3 = scheduler.stateOf(cell);
        }
    }

    /**
     * Two workers share the queue of a task that yields three times, and the second also wakes
     * the cell from outside: each worker runs whatever is queued while the other may be polling.
     * Columns: polls (negated if two overlapped), reschedules, final state.
     */
    @JCStressTest
    @Outcome(id = "4, 3, COMPLETE", expect = ACCEPTABLE,
            desc = "four polls, one after another, three re-polls queued (an external wake landing on a SCHEDULED or NOTIFIED cell adds none)")
    @Outcome(id = "-.*", expect = FORBIDDEN, desc = "two polls of the cell ran at once")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "a lost or doubled re-poll, or a bad state")
    @State
    public static class SelfWakeTwoWorkers {
        private final RecordingScheduler scheduler = new RecordingScheduler();
        private final YieldingTask task = new YieldingTask(3);
        private final AsyncTaskCell<String> cell = new AsyncTaskCell<>(task, scheduler);

        /** Worker 0 polls the cell, then runs what is queued. */
        @Actor
        public void worker0() {
            cell.run();
            scheduler.runQueued();
        }

        /** Worker 1 wakes the cell from outside, then runs what is queued. */
        @Actor
        public void worker1() {
            cell.wake();
            scheduler.runQueued();
        }

        /** Runs what is left, then the counts. */
        @Arbiter
        public void arbiter(IIL_Result r) {
            scheduler.runQueued();
            r.r1 = task.pollsOrOverlap();
            r.r2 = scheduler.reschedules.get();
            r.r3 = scheduler.stateOf(cell);
        }
    }

    /**
     * cancel(false) races a poll that wakes itself. Columns: cancel's result,
     * {@code 10 * reschedules + polls} (polls after the arbiter ran the queued cells, negated
     * if two overlapped), state and future.
     */
    @JCStressTest
    @Outcome(id = "true, 0, CANCELLED cancelled", expect = ACCEPTABLE,
            desc = "cancelled while SCHEDULED: the worker dropped the cell without polling")
    @Outcome(id = "true, 1, CANCELLED cancelled", expect = ACCEPTABLE,
            desc = "cancelled during the poll: its end cancelled the cell instead of queuing it")
    @Outcome(id = "true, 11, CANCELLED cancelled", expect = ACCEPTABLE,
            desc = "cancelled after the poll queued the re-poll: the queued copy was dropped")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "a re-poll after cancel, a cell not cancelled, or a bad state")
    @State
    public static class SelfWakeVsCancel {
        private final RecordingScheduler scheduler = new RecordingScheduler();
        private final YieldingTask task = new YieldingTask(1);
        private final AsyncTaskCell<String> cell = new AsyncTaskCell<>(task, scheduler);

        /** A worker polls the cell; the poll wakes it. */
        @Actor
        public void worker() {
            cell.run();
        }

        /** Another thread cancels it. */
        @Actor
        public void canceller(ZIL_Result r) {
            r.r1 = cell.cancel(false);
        }

        /** Reschedules, then polls after running the queue, state and future. */
        @Arbiter
        public void arbiter(ZIL_Result r) {
            final int reschedules = scheduler.reschedules.get();
            scheduler.runQueued();
            r.r2 = 10 * reschedules + task.pollsOrOverlap();
            r.r3 = scheduler.stateOf(cell) + " " + RecordingScheduler.futureOf(cell);
        }
    }

    /**
     * cancel(true) races a poll that wakes itself: the interrupt bit makes the poll's end wait,
     * then it cancels. Columns as in {@link SelfWakeVsCancel}.
     */
    @JCStressTest
    @Outcome(id = "true, 0, CANCELLED cancelled", expect = ACCEPTABLE,
            desc = "cancelled while SCHEDULED: the worker dropped the cell without polling")
    @Outcome(id = "true, 1, CANCELLED cancelled", expect = ACCEPTABLE,
            desc = "cancelled (and maybe interrupted) during the poll: its end cancelled the cell")
    @Outcome(id = "true, 11, CANCELLED cancelled", expect = ACCEPTABLE,
            desc = "cancelled after the poll queued the re-poll: the queued copy was dropped")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "a re-poll after cancel, a cell not cancelled, or a bad state")
    @State
    public static class SelfWakeVsCancelInterrupting {
        private final RecordingScheduler scheduler = new RecordingScheduler();
        private final YieldingTask task = new YieldingTask(1);
        private final AsyncTaskCell<String> cell = new AsyncTaskCell<>(task, scheduler);

        /** A worker polls the cell; the poll wakes it. Clears a landed interrupt, as workers do. */
        @Actor
        public void worker() {
            cell.run();
            Thread.interrupted();
        }

        /** Another thread cancels it, interrupting the poll. */
        @Actor
        public void canceller(ZIL_Result r) {
            r.r1 = cell.cancel(true);
        }

        /** Reschedules, then polls after running the queue, state and future. */
        @Arbiter
        public void arbiter(ZIL_Result r) {
            final int reschedules = scheduler.reschedules.get();
            scheduler.runQueued();
            r.r2 = 10 * reschedules + task.pollsOrOverlap();
            r.r3 = scheduler.stateOf(cell) + " " + RecordingScheduler.futureOf(cell);
        }
    }
}
