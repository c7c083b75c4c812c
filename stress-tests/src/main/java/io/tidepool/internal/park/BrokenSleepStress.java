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

package io.tidepool.internal.park;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Planted bugs: the races of {@link IdleSetStress} with one side of the sleep protocol broken on
 * purpose, to show that those tests catch a lost wake-up. Every test here is expected to FAIL
 * (FORBIDDEN outcomes or STALE). The name contains "Broken", so the default run
 * ({@code -t '^(?!.*Broken).*'}) leaves them out; run them with {@code -t Broken}.
 */
public final class BrokenSleepStress {
    private static final Runnable TASK = () -> { };

    private BrokenSleepStress() {}

    /** Broken worker: registers as parked and parks without re-checking its inbox. */
    static void parkWithoutRecheck(SleepModel model, int index) {
        model.idle.transitionToParked(index, false);
        while (model.idle.sleepState(index) == IdleSet.PARKED) {
            model.parks[index].park();
        }
    }

    /** Broken submitter: asks whom to wake before publishing the task. */
    static int notifyThenPublish(SleepModel model, int target) {
        final int chosen = model.notifyParked();
        if (!model.inboxes[target].offer(TASK, false)) {
            throw new IllegalStateException("inbox refused a task");
        }
        return chosen;
    }

    /** {@link IdleSetStress.ParkVsSubmitTermination} with a worker that skips the re-check. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the submitter happened to read the worker as parked")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up (the planted bug)")
    @State
    public static class SkipsRecheckTermination extends AlignedStart {
        private final SleepModel model = new SleepModel(1);

        /** Worker without the re-check. */
        @Actor
        public void worker() {
            awaitStart();
            parkWithoutRecheck(model, 0);
        }

        /** Correct submitter. */
        @Signal
        public void submitter() {
            start();
            model.submit(0, TASK);
        }
    }

    /** {@link IdleSetStress.ParkVsSubmit} with a worker that skips the re-check (column 1 is always -1). */
    @JCStressTest
    @Outcome(id = "-1, 0, 1, 11", expect = ACCEPTABLE, desc = "the submitter read the worker as parked and woke it")
    @Outcome(id = "-1, -1, .*", expect = FORBIDDEN, desc = "lost wake-up (the planted bug)")
    @State
    public static class SkipsRecheck {
        private final SleepModel model = new SleepModel(1);

        /** Worker without the re-check: registers as parked and looks no further. */
        @Actor
        public void worker(IIII_Result r) {
            model.idle.transitionToParked(0, false);
            r.r1 = -1;
        }

        /** Correct submitter. */
        @Actor
        public void submitter(IIII_Result r) {
            r.r2 = model.submit(0, TASK);
        }

        /** Final state. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            r.r3 = model.idle.sleepState(0);
            r.r4 = model.counts();
        }
    }

    /** {@link IdleSetStress.ParkVsSubmitTermination} with a submitter that notifies before publishing. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the worker's re-check or the early notify happened to cover it")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up (the planted bug)")
    @State
    public static class NotifiesBeforePublishTermination extends AlignedStart {
        private final SleepModel model = new SleepModel(1);
        private final SleepModel.Worker worker = model.new Worker(0, false);

        /** Correct worker. */
        @Actor
        public void worker() {
            awaitStart();
            worker.prepareToPark();
            worker.parkUntilWoken();
        }

        /** Submitter that looks for a sleeper before publishing. */
        @Signal
        public void submitter() {
            start();
            notifyThenPublish(model, 0);
        }
    }

    /** {@link IdleSetStress.ParkVsSubmit} with a submitter that notifies before publishing. */
    @JCStressTest
    @Outcome(id = "0, -1, 1, 11", expect = ACCEPTABLE, desc = "the worker's re-check saw the task and woke itself")
    @Outcome(id = "-1, 0, 1, 11", expect = ACCEPTABLE, desc = "the submitter woke the parked worker")
    @Outcome(id = "-1, -1, .*", expect = FORBIDDEN, desc = "lost wake-up (the planted bug)")
    @Outcome(id = ".*", expect = ACCEPTABLE_INTERESTING, desc = "other interleavings of the broken protocol")
    @State
    public static class NotifiesBeforePublish {
        private final SleepModel model = new SleepModel(1);
        private final SleepModel.Worker worker = model.new Worker(0, false);

        /** Correct worker, up to the point where it would block. */
        @Actor
        public void worker(IIII_Result r) {
            worker.prepareToPark();
            r.r1 = worker.notified;
        }

        /** Submitter that looks for a sleeper before publishing. */
        @Actor
        public void submitter(IIII_Result r) {
            r.r2 = notifyThenPublish(model, 0);
        }

        /** Final state. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            r.r3 = model.idle.sleepState(0);
            r.r4 = model.counts();
        }
    }

    /**
     * {@link IdleSetStress.SearcherWithOwnWorkParksVsSubmitElsewhere} with the earlier worker
     * protocol: a parking worker that finds its own inbox non-empty takes itself off the sleeper
     * stack and goes back to work without asking for a wake, even if it was the last searcher.
     */
    @JCStressTest
    @Outcome(id = "-1, 0, 11", expect = ACCEPTABLE, desc = "the submitter happened to see no searcher and woke someone")
    @Outcome(id = "-1, -1, .*", expect = FORBIDDEN, desc = "lost wake-up (the planted bug): worker 1 sleeps on its task")
    @Outcome(id = ".*", expect = ACCEPTABLE_INTERESTING, desc = "other interleavings of the broken protocol")
    @State
    public static class OwnWorkSkipsNotify {
        private final SleepModel model = new SleepModel(2);

        public OwnWorkSkipsNotify() {
            model.idle.transitionToParked(1, false);
            if (!model.idle.transitionToSearching()) {
                throw new IllegalStateException("worker 0 could not start searching");
            }
            if (!model.inboxes[0].offer(TASK, false)) {
                throw new IllegalStateException("inbox 0 refused a task");
            }
        }

        /** Broken worker 0: own work found after registering, so it just takes itself back. */
        @Actor
        public void worker(III_Result r) {
            model.idle.transitionToParked(0, true);
            if (!model.inboxes[0].isEmpty()) {
                model.idle.unparkById(0);
                r.r1 = -1;
                return;
            }
            r.r1 = model.anyQueueLooksNonEmpty() ? model.notifyParked() : -1;
        }

        /** Correct submitter to worker 1's inbox. */
        @Actor
        public void submitter(III_Result r) {
            r.r2 = model.submit(1, TASK);
        }

        /** Final counts. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = model.counts();
        }
    }

    /**
     * {@link IdleSetStress.LastSearcherFoundWorkVsSubmit} with a searcher that ends its search
     * and wakes nobody, even as the last searcher.
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the submitter happened to see no searcher and woke worker 1")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up (the planted bug): worker 1 sleeps on its task")
    @State
    public static class LastSearcherWakesNobodyTermination extends AlignedStart {
        private final SleepModel model = SleepModel.wokenSearcherAndSleeper(TASK);
        private final SleepModel.Worker searcher = model.new Worker(0, true);
        private final SleepModel.Worker sleeper = model.new Worker(1, false);

        /** Worker 0 takes its task; broken endSearch; then worker 1's wait. */
        @Actor
        public void worker() {
            awaitStart();
            IdleSetStress.takeWokenTask(searcher);
            model.idle.transitionFromSearching();
            sleeper.parkUntilWoken();
        }

        /** Correct submitter to worker 1's inbox. */
        @Signal
        public void submitter() {
            start();
            model.submit(1, TASK);
        }
    }

    /** {@link IdleSetStress.LastSearcherFoundWork} with a searcher that wakes nobody (column 1 is always -1). */
    @JCStressTest
    @Outcome(id = "-1, 1, 1, 21", expect = ACCEPTABLE, desc = "the submitter happened to see no searcher and woke worker 1")
    @Outcome(id = "-1, -1, .*", expect = FORBIDDEN, desc = "lost wake-up (the planted bug): worker 1 sleeps on its task")
    @Outcome(id = ".*", expect = ACCEPTABLE_INTERESTING, desc = "other interleavings of the broken protocol")
    @State
    public static class LastSearcherWakesNobody {
        private final SleepModel model = SleepModel.wokenSearcherAndSleeper(TASK);
        private final SleepModel.Worker searcher = model.new Worker(0, true);

        /** Worker 0 takes its task; broken endSearch. */
        @Actor
        public void searcher(IIII_Result r) {
            IdleSetStress.takeWokenTask(searcher);
            model.idle.transitionFromSearching();
            r.r1 = -1;
        }

        /** Correct submitter to worker 1's inbox. */
        @Actor
        public void submitter(IIII_Result r) {
            r.r2 = model.submit(1, TASK);
        }

        /** Final state of worker 1 and the counts. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            r.r3 = model.idle.sleepState(1);
            r.r4 = model.counts();
        }
    }
}
