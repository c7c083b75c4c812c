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

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIL_Result;
import org.openjdk.jcstress.infra.results.IL_Result;
import org.openjdk.jcstress.infra.results.ZIL_Result;

/**
 * Races of the {@link AsyncTaskCell} state machine against a {@link RecordingScheduler}: wakes
 * during a poll, concurrent wakes, and cancellation against a poll and against completion.
 *
 * <p>State columns read {@code STATE} or {@code STATE/terminated=n} when
 * {@code taskTerminated} was not called exactly once for a terminal state (never for a live
 * one); future columns read {@code value=...}, {@code cancelled}, {@code failed} or
 * {@code pending}, with {@code !inconsistent} when {@code isCancelled()} disagrees.
 */
public final class AsyncTaskCellStress {
    private AsyncTaskCellStress() {}

    /**
     * A wake races the first poll of a task that is pending once and then ready. Columns:
     * reschedules when the actors are done, polls after the arbiter ran the rescheduled cells,
     * final state.
     */
    @JCStressTest
    @Outcome(id = "0, 1, IDLE", expect = ACCEPTABLE,
            desc = "wake landed while SCHEDULED, before the poll began: that poll covers it, no re-poll")
    @Outcome(id = "1, 2, COMPLETE", expect = ACCEPTABLE,
            desc = "wake landed during the poll (NOTIFIED) or after it (IDLE): exactly one re-poll, which completed")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "wake lost, or the cell queued twice, or a bad state")
    @State
    public static class WakeDuringPoll {
        private final RecordingScheduler scheduler = new RecordingScheduler();
        private final CountingTask task = new CountingTask(1);
        private final AsyncTaskCell<String> cell = new AsyncTaskCell<>(task, scheduler);

        /** A worker polls the cell. */
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
            r.r2 = task.polls();
            r.r3 = scheduler.stateOf(cell);
        }
    }

    /**
     * Two threads wake an IDLE task at once: it is queued exactly once. Columns: reschedules,
     * state.
     */
    @JCStressTest
    @Outcome(id = "1, SCHEDULED", expect = ACCEPTABLE, desc = "one wake queued the cell, the other saw it SCHEDULED")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "queued twice or never")
    @State
    public static class TwoWakesOfIdle {
        private final RecordingScheduler scheduler = new RecordingScheduler();
        private final AsyncTaskCell<String> cell =
                new AsyncTaskCell<>(new CountingTask(Integer.MAX_VALUE), scheduler);

        public TwoWakesOfIdle() {
            cell.run();
        }

        /** First waker. */
        @Actor
        public void waker0() {
            cell.wake();
        }

        /** Second waker. */
        @Actor
        public void waker1() {
            cell.wake();
        }

        /** Reschedules and state. */
        @Arbiter
        public void arbiter(IL_Result r) {
            r.r1 = scheduler.reschedules.get();
            r.r2 = scheduler.stateOf(cell);
        }
    }

    /**
     * cancel(false) races the only poll of a task that is ready at once. Columns: cancel's
     * result, polls, state and future.
     */
    @JCStressTest
    @Outcome(id = "true, 0, CANCELLED cancelled", expect = ACCEPTABLE,
            desc = "cancelled while SCHEDULED: the worker dropped the cell without polling")
    @Outcome(id = "true, 1, CANCELLED cancelled", expect = ACCEPTABLE,
            desc = "cancelled during the poll: its ready value was discarded")
    @Outcome(id = "false, 1, COMPLETE value=done", expect = ACCEPTABLE,
            desc = "the poll completed first; cancel returned false")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "both or neither, or cancel's result disagrees with the future")
    @State
    public static class CancelVsRun {
        private final RecordingScheduler scheduler = new RecordingScheduler();
        private final CountingTask task = new CountingTask(0);
        private final AsyncTaskCell<String> cell = new AsyncTaskCell<>(task, scheduler);

        /** A worker polls the cell. */
        @Actor
        public void worker() {
            cell.run();
        }

        /** Another thread cancels it. */
        @Actor
        public void canceller(ZIL_Result r) {
            r.r1 = cell.cancel(false);
        }

        /** Polls, state, future. */
        @Arbiter
        public void arbiter(ZIL_Result r) {
            r.r2 = task.polls();
            r.r3 = scheduler.stateOf(cell) + " " + RecordingScheduler.futureOf(cell);
        }
    }

    /**
     * An IDLE task is woken and its second poll completes it, racing cancel(false). Columns:
     * cancel's result, polls, state and future.
     */
    @JCStressTest
    @Outcome(id = "true, 1, CANCELLED cancelled", expect = ACCEPTABLE,
            desc = "cancelled while IDLE or SCHEDULED: the wake was ignored or the queued cell dropped")
    @Outcome(id = "true, 2, CANCELLED cancelled", expect = ACCEPTABLE,
            desc = "cancelled during the second poll: its ready value was discarded")
    @Outcome(id = "false, 2, COMPLETE value=done", expect = ACCEPTABLE,
            desc = "completed first; cancel returned false")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "both or neither, or cancel's result disagrees with the future")
    @State
    public static class CompleteVsCancel {
        private final RecordingScheduler scheduler = new RecordingScheduler();
        private final CountingTask task = new CountingTask(1);
        private final AsyncTaskCell<String> cell = new AsyncTaskCell<>(task, scheduler);

        public CompleteVsCancel() {
            cell.run();
        }

        /** The task's event source wakes it, and a worker runs it. */
        @Actor
        public void wakeAndRun() {
            cell.wake();
            scheduler.runQueued();
        }

        /** Another thread cancels it. */
        @Actor
        public void canceller(ZIL_Result r) {
            r.r1 = cell.cancel(false);
        }

        /** Polls, state, future. */
        @Arbiter
        public void arbiter(ZIL_Result r) {
            r.r2 = task.polls();
            r.r3 = scheduler.stateOf(cell) + " " + RecordingScheduler.futureOf(cell);
        }
    }

    /**
     * The pool has stopped ({@code reschedule} returns false) when an IDLE task is woken, racing
     * the {@code cancelForShutdown} of {@code shutdownNow}. Columns: the cancel's result,
     * reschedules, state and future. Whichever wins, the handle must not contradict itself:
     * {@code isCancelled()} true means {@code get()} throws CancellationException.
     */
    @JCStressTest
    @Outcome(id = "true, 0, CANCELLED cancelled", expect = ACCEPTABLE,
            desc = "cancel first: the wake found the cell terminal and was ignored")
    @Outcome(id = "false, 1, CANCELLED cancelled", expect = ACCEPTABLE,
            desc = "wake first: the refused reschedule cancelled the task (the pool stopped); cancel found it terminal")
    @Outcome(id = "true, 1, CANCELLED cancelled", expect = ACCEPTABLE,
            desc = "the wake's reschedule was refused, but cancel won the CAS from SCHEDULED")
    @Outcome(id = ".*inconsistent", expect = FORBIDDEN,
            desc = "the handle contradicts itself: isCancelled() disagrees with what get() throws")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "any other end")
    @State
    public static class WakeAfterStopVsCancel {
        private final RecordingScheduler scheduler = new RecordingScheduler(true);
        private final AsyncTaskCell<String> cell =
                new AsyncTaskCell<>(new CountingTask(Integer.MAX_VALUE), scheduler);

        public WakeAfterStopVsCancel() {
            cell.run();
        }

        /** A wake arrives after the pool stopped. */
        @Actor
        public void waker() {
            cell.wake();
        }

        /** shutdownNow cancels every live async task. */
        @Actor
        public void shutdownNow(ZIL_Result r) {
            r.r1 = cell.cancelForShutdown();
        }

        /** Reschedules, state and future. */
        @Arbiter
        public void arbiter(ZIL_Result r) {
            r.r2 = scheduler.reschedules.get();
            r.r3 = scheduler.stateOf(cell) + " " + RecordingScheduler.futureOf(cell);
        }
    }
}
