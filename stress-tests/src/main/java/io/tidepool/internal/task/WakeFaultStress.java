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
import org.openjdk.jcstress.infra.results.IL_Result;

/**
 * Wake after SCHEDULED when queuing throws (issue 15, item 2): two wakers race on an IDLE cell
 * and the first reschedule throws; afterwards the arbiter runs whatever was queued, wakes the
 * cell once more and runs the queue again. That last wake must poll the task: the cell is never
 * left SCHEDULED in no queue. Columns: polls after the race, final state. The task always
 * returns pending. Seen failing before the fix: {@code 0, SCHEDULED} in every run of
 * {@link FailedBeforeQueuing}.
 */
public final class WakeFaultStress {
    private WakeFaultStress() {}

    /** Shared body: the cell, its task, the two wakers and the arbiter. */
    abstract static class Race {
        final FailOnceScheduler scheduler;
        final CountingTask task = new CountingTask(Integer.MAX_VALUE);
        final AsyncTaskCell<String> cell;

        Race(boolean queueBeforeFailing) {
            scheduler = new FailOnceScheduler(queueBeforeFailing);
            cell = new AsyncTaskCell<>(task, scheduler);
            cell.run();
        }

        void wakeIgnoringInjected() {
            try {
                cell.wake();
            } catch (StackOverflowError injected) {
                // the failing reschedule; the cell must stay wakeable
            }
        }

        void settle(IL_Result r) {
            scheduler.runQueued();
            cell.wake();
            scheduler.runQueued();
            // polls after the race: the constructor's first poll left the cell IDLE
            r.r1 = task.polls() - 1;
            r.r2 = cell.stateName();
        }
    }

    /** The failing reschedule throws before the cell reaches a queue. */
    @JCStressTest
    @Outcome(id = "1, IDLE", expect = ACCEPTABLE,
            desc = "the other wake saw the cell SCHEDULED and left it; the arbiter's wake re-queued it")
    @Outcome(id = "2, IDLE", expect = ACCEPTABLE,
            desc = "the other wake saw the failed one's record of a queuing owed and queued it; the arbiter's wake polled again")
    @Outcome(id = "0, .*", expect = FORBIDDEN,
            desc = "lost: the cell stayed SCHEDULED in no queue and ignored the arbiter's wake")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "any other end")
    @State
    public static class FailedBeforeQueuing extends Race {
        public FailedBeforeQueuing() {
            super(false);
        }

        /** First waker. */
        @Actor
        public void waker0() {
            wakeIgnoringInjected();
        }

        /** Second waker. */
        @Actor
        public void waker1() {
            wakeIgnoringInjected();
        }

        /** Runs the queue, wakes once more, runs it again. */
        @Arbiter
        public void arbiter(IL_Result r) {
            settle(r);
        }
    }

    /**
     * The failing reschedule throws after the cell reached a queue: a second copy may be queued
     * by the other wake, and must not poll the task twice for one transition to SCHEDULED.
     */
    @JCStressTest
    @Outcome(id = "2, IDLE", expect = ACCEPTABLE,
            desc = "the queued copy polled once (any second copy was dropped), then the arbiter's wake polled again")
    @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "lost wake")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "a copy polled twice for one wake, or a bad state")
    @State
    public static class FailedAfterQueuing extends Race {
        public FailedAfterQueuing() {
            super(true);
        }

        /** First waker. */
        @Actor
        public void waker0() {
            wakeIgnoringInjected();
        }

        /** Second waker. */
        @Actor
        public void waker1() {
            wakeIgnoringInjected();
        }

        /** Runs the queue, wakes once more, runs it again. */
        @Arbiter
        public void arbiter(IL_Result r) {
            settle(r);
        }
    }
}
