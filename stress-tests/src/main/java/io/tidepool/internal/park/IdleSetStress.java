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
import org.openjdk.jcstress.infra.results.ZZI_Result;

/**
 * Races of the idle set: a submission against a worker going to sleep (never lost), the
 * searching throttle, and the "last searcher" hand-off. The two sides are played by
 * {@link SleepModel}, which runs the pool's code paths over the real {@link IdleSet},
 * {@code Inbox} and {@link ThreadPark}.
 *
 * <p>Outcome columns named {@code counts} are {@code 10 * unparked + searching} read by the
 * arbiter.
 */
public final class IdleSetStress {
    private static final Runnable TASK = () -> { };

    private IdleSetStress() {}

    /** The woken searcher's first step: it takes the task it was woken for from its inbox. */
    static void takeWokenTask(SleepModel.Worker searcher) {
        if (searcher.takeOwnInboxTask() == null) {
            throw new IllegalStateException("the woken searcher did not find its task");
        }
    }

    /**
     * Out of idle: worker 0 was woken as the only searcher and takes the task it was woken for
     * (it is then busy running it); worker 1 sleeps. Worker 0 ends its search while a submitter publishes a
     * second task to worker 1's inbox. The submitter may see the searcher and wake nobody; then
     * worker 0, the last searcher, must see that task on its re-check and wake worker 1. The
     * actor plays worker 0's {@code endSearch}, then worker 1's sleep, and returns once worker 1
     * is woken: worker 0 stays busy, so only worker 1 can run the second task.
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "the submitter saw no searcher and woke worker 1, or the last searcher's re-check saw the task and did")
    @Outcome(id = "STALE", expect = FORBIDDEN,
            desc = "lost wake-up: the second task is queued, worker 0 is busy and worker 1 sleeps")
    @State
    public static class LastSearcherFoundWorkVsSubmit extends AlignedStart {
        private final SleepModel model = SleepModel.wokenSearcherAndSleeper(TASK);
        private final SleepModel.Worker searcher = model.new Worker(0, true);
        private final SleepModel.Worker sleeper = model.new Worker(1, false);

        /** Worker 0 takes its task and ends its search; then WorkerLoop.park's wait of worker 1. */
        @Actor
        public void worker() {
            awaitStart();
            takeWokenTask(searcher);
            searcher.endSearch();
            sleeper.parkUntilWoken();
        }

        /** WorkStealingMode.pushNew to worker 1's inbox and notifyParked. */
        @Signal
        public void submitter() {
            start();
            model.submit(1, TASK);
        }
    }

    /**
     * The decision of {@link LastSearcherFoundWorkVsSubmit} as outcomes. Columns: worker woken
     * by worker 0's {@code endSearch} (-1 none), worker woken by the submitter (-1 none), final
     * sleep state of worker 1 (0 PARKED, 1 WOKEN_SEARCHING), counts.
     */
    @JCStressTest
    @Outcome(id = "1, -1, 1, 21", expect = ACCEPTABLE,
            desc = "the submitter saw the searcher and woke nobody; the last searcher's re-check saw the task and woke worker 1")
    @Outcome(id = "-1, 1, 1, 21", expect = ACCEPTABLE,
            desc = "the submitter saw no searcher and woke worker 1; the re-check missed the task or found a searcher")
    @Outcome(id = "-1, -1, .*", expect = FORBIDDEN,
            desc = "lost wake-up: the second task is queued, worker 0 is busy and worker 1 sleeps")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "any other end: a double wake or broken counts")
    @State
    public static class LastSearcherFoundWork {
        private final SleepModel model = SleepModel.wokenSearcherAndSleeper(TASK);
        private final SleepModel.Worker searcher = model.new Worker(0, true);

        /** Worker 0 takes its task and ends its search. */
        @Actor
        public void searcher(IIII_Result r) {
            takeWokenTask(searcher);
            searcher.endSearch();
            r.r1 = searcher.notified;
        }

        /** WorkStealingMode.pushNew to worker 1's inbox and notifyParked. */
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

    /**
     * One worker goes to sleep while a submitter publishes a task to its inbox: the worker must
     * not stay parked. The worker actor returns only once it saw the task or was woken.
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "the worker saw the task on its re-check, or the submitter woke it")
    @Outcome(id = "STALE", expect = FORBIDDEN,
            desc = "lost wake-up: the worker sleeps with a task in its inbox")
    @State
    public static class ParkVsSubmitTermination extends AlignedStart {
        private final SleepModel model = new SleepModel(1);
        private final SleepModel.Worker worker = model.new Worker(0, false);

        /** WorkerLoop.park. */
        @Actor
        public void worker() {
            awaitStart();
            worker.prepareToPark();
            worker.parkUntilWoken();
        }

        /** WorkStealingMode.pushNew and notifyParked. */
        @Signal
        public void submitter() {
            start();
            model.submit(0, TASK);
        }
    }

    /**
     * As {@link ParkVsSubmitTermination} in a bounded pool whose inbox has room in one lane
     * only (lane 0): a submitter on any other home lane finds its first lane full and offers
     * past it ({@code Inbox.offerNew}'s out-of-line walk), so the volatile unlock that orders
     * the task before the read of the idle state is the walk's, not the first try's.
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "the worker saw the task on its re-check, or the submitter woke it")
    @Outcome(id = "STALE", expect = FORBIDDEN,
            desc = "lost wake-up: the worker sleeps with a task in its inbox")
    @State
    public static class ParkVsSubmitPastFullLaneTermination extends AlignedStart {
        private final SleepModel model = new SleepModel(1, new int[] {1, 0, 0, 0, 0, 0, 0, 0});
        private final SleepModel.Worker worker = model.new Worker(0, false);

        /** WorkerLoop.park. */
        @Actor
        public void worker() {
            awaitStart();
            worker.prepareToPark();
            worker.parkUntilWoken();
        }

        /** WorkStealingMode.pushNew and notifyParked. */
        @Signal
        public void submitter() {
            start();
            model.submit(0, TASK);
        }
    }

    /**
     * As {@link ParkVsSubmitTermination} with a second worker that is busy (awake, not
     * searching): the submitter may read the pool as fully awake and wake nobody, so worker 0's
     * re-check is all that saves the task.
     */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE,
            desc = "worker 0 saw the task on its re-check, or the submitter woke it")
    @Outcome(id = "STALE", expect = FORBIDDEN,
            desc = "lost wake-up: worker 0 sleeps with a task in its inbox")
    @State
    public static class ParkVsSubmitBusyPeerTermination extends AlignedStart {
        private final SleepModel model = new SleepModel(2);
        private final SleepModel.Worker worker = model.new Worker(0, false);

        /** WorkerLoop.park of worker 0. */
        @Actor
        public void worker() {
            awaitStart();
            worker.prepareToPark();
            worker.parkUntilWoken();
        }

        /** WorkStealingMode.pushNew to worker 0's inbox and notifyParked. */
        @Signal
        public void submitter() {
            start();
            model.submit(0, TASK);
        }
    }

    /**
     * The decision of {@link ParkVsSubmitTermination} as outcomes. Columns: worker woken by the
     * worker's own re-check (-1 none), worker woken by the submitter (-1 none), final sleep
     * state of the worker (0 PARKED, 1 WOKEN_SEARCHING, 2 AWAKE), counts.
     */
    @JCStressTest
    @Outcome(id = "0, -1, 1, 11", expect = ACCEPTABLE,
            desc = "submitter read the worker as awake and woke nobody; the worker's re-check saw the task and woke itself (top sleeper) as a searcher")
    @Outcome(id = "-1, 0, 1, 11", expect = ACCEPTABLE,
            desc = "submitter read the worker as parked and woke it as a searcher; the worker's re-check came first or found it already woken")
    @Outcome(id = "-1, -1, .*", expect = FORBIDDEN,
            desc = "lost wake-up: the task sits in the inbox and nobody was woken")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "any other end: a double wake or broken counts")
    @State
    public static class ParkVsSubmit {
        private final SleepModel model = new SleepModel(1);
        private final SleepModel.Worker worker = model.new Worker(0, false);

        /** WorkerLoop.park, up to the point where it would block. */
        @Actor
        public void worker(IIII_Result r) {
            worker.prepareToPark();
            r.r1 = worker.notified;
        }

        /** WorkStealingMode.pushNew and notifyParked. */
        @Actor
        public void submitter(IIII_Result r) {
            r.r2 = model.submit(0, TASK);
        }

        /** Final state of the idle set. */
        @Arbiter
        public void arbiter(IIII_Result r) {
            r.r3 = model.idle.sleepState(0);
            r.r4 = model.counts();
        }
    }

    /**
     * Two workers, worker 1 busy (awake, not searching): worker 0 goes to sleep while a task is
     * submitted to its inbox. Columns: worker woken by worker 0's re-check, worker woken by the
     * submitter, counts.
     */
    @JCStressTest
    @Outcome(id = "0, -1, 21", expect = ACCEPTABLE,
            desc = "submitter read both workers as awake; worker 0's re-check saw the task and woke itself as a searcher")
    @Outcome(id = "-1, 0, 21", expect = ACCEPTABLE,
            desc = "submitter read worker 0 as parked and woke it as a searcher; its re-check came first or found it already woken")
    @Outcome(id = "-1, -1, .*", expect = FORBIDDEN,
            desc = "lost wake-up: worker 0 sleeps on the task and nobody was woken")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "any other end: a double wake or broken counts")
    @State
    public static class ParkVsSubmitBusyPeer {
        private final SleepModel model = new SleepModel(2);
        private final SleepModel.Worker worker = model.new Worker(0, false);

        /** WorkerLoop.park of worker 0, up to the point where it would block. */
        @Actor
        public void worker(III_Result r) {
            worker.prepareToPark();
            r.r1 = worker.notified;
        }

        /** WorkStealingMode.pushNew to worker 0's inbox and notifyParked. */
        @Actor
        public void submitter(III_Result r) {
            r.r2 = model.submit(0, TASK);
        }

        /** Final counts. */
        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = model.counts();
        }
    }

    /**
     * The race behind a hang found by {@code LostWakeupTest}: worker 1 asleep, worker 0 the only
     * searcher, with a task already waiting in worker 0's OWN inbox; worker 0 gives up its search
     * and parks while a second task is submitted to worker 1's inbox. The submitter may see the
     * searcher and wake nobody; worker 0 then owes a wake. If worker 0 merely took its own task
     * back (an earlier version did), nobody would ever wake worker 1. Columns: worker woken by
     * worker 0's re-check, worker woken by the submitter, counts. A woken worker 0 is a searcher:
     * ending that search (it finds its own task) wakes the next sleeper, worker 1.
     */
    @JCStressTest
    @Outcome(id = "0, -1, 11", expect = ACCEPTABLE,
            desc = "submitter saw the searcher; worker 0's re-check saw work and woke itself as a searcher, which owes the next wake")
    @Outcome(id = "-1, 0, 11", expect = ACCEPTABLE,
            desc = "submitter saw no searcher and woke the top sleeper (worker 0) as a searcher; worker 0's re-check then found a searcher")
    @Outcome(id = "-1, -1, .*", expect = FORBIDDEN,
            desc = "lost wake-up: worker 1 sleeps on its task, worker 0 holds no search, nobody was woken")
    @Outcome(id = ".*", expect = FORBIDDEN, desc = "any other end")
    @State
    public static class SearcherWithOwnWorkParksVsSubmitElsewhere {
        private final SleepModel model = new SleepModel(2);
        private final SleepModel.Worker worker = model.new Worker(0, true);

        public SearcherWithOwnWorkParksVsSubmitElsewhere() {
            model.idle.transitionToParked(1, false);
            if (!model.idle.transitionToSearching()) {
                throw new IllegalStateException("worker 0 could not start searching");
            }
            if (!model.inboxes[0].offer(TASK, false)) {
                throw new IllegalStateException("inbox 0 refused a task");
            }
        }

        /** WorkerLoop.park of worker 0 (searching, own inbox non-empty). */
        @Actor
        public void worker(III_Result r) {
            worker.prepareToPark();
            r.r1 = worker.notified;
        }

        /** WorkStealingMode.pushNew to worker 1's inbox and notifyParked. */
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
     * Two workers, worker 1 asleep, worker 0 the only searcher: worker 0 gives up and parks while
     * a task is submitted to worker 1's inbox. The submitter sees a searcher and may wake nobody;
     * then worker 0's re-check of every queue must see the task and wake someone. Columns:
     * worker woken by worker 0's re-check, worker woken by the submitter, counts.
     */
    @JCStressTest
    @Outcome(id = "0, -1, 11", expect = ACCEPTABLE,
            desc = "submitter saw the searcher and woke nobody; the parking worker's re-check saw the task and woke the top sleeper (itself)")
    @Outcome(id = "-1, 0, 11", expect = ACCEPTABLE,
            desc = "submitter saw no searcher and woke the top sleeper; the parking worker's re-check then found a searcher and woke nobody")
    @Outcome(id = "-1, -1, .*", expect = FORBIDDEN,
            desc = "lost wake-up: the task sits in a sleeper's inbox and nobody was woken")
    @State
    public static class SearcherParksVsSubmitElsewhere {
        private final SleepModel model = new SleepModel(2);
        private final SleepModel.Worker worker = model.new Worker(0, true);

        public SearcherParksVsSubmitElsewhere() {
            model.idle.transitionToParked(1, false);
            if (!model.idle.transitionToSearching()) {
                throw new IllegalStateException("worker 0 could not start searching");
            }
        }

        /** WorkerLoop.park of worker 0 (searching), up to the point where it would block. */
        @Actor
        public void worker(III_Result r) {
            worker.prepareToPark();
            r.r1 = worker.notified;
        }

        /** WorkStealingMode.pushNew to worker 1's inbox and notifyParked. */
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
     * Two workers both try to start searching in a pool of two: at most half may search.
     * Columns: each actor's result, searching count.
     */
    @JCStressTest
    @Outcome(id = "true, false, 1", expect = ACCEPTABLE, desc = "the first worker searches, the second is refused")
    @Outcome(id = "false, true, 1", expect = ACCEPTABLE, desc = "the second worker searches, the first is refused")
    @Outcome(id = "true, true, 2", expect = FORBIDDEN,
            desc = "both passed the half-the-workers check: more than half of the pool searches")
    @State
    public static class SearchingThrottle {
        private final IdleSet idle = new IdleSet(2);

        /** Worker 0 runs dry and tries to search. */
        @Actor
        public void worker0(ZZI_Result r) {
            r.r1 = idle.transitionToSearching();
        }

        /** Worker 1 runs dry and tries to search. */
        @Actor
        public void worker1(ZZI_Result r) {
            r.r2 = idle.transitionToSearching();
        }

        /** Searching count. */
        @Arbiter
        public void arbiter(ZZI_Result r) {
            r.r3 = idle.searchingCount();
        }
    }

    /**
     * The two searchers of a pool of four both find work: exactly one of them is the last
     * searcher (and wakes another worker). Columns: each actor's result, searching count.
     */
    @JCStressTest
    @Outcome(id = "true, false, 0", expect = ACCEPTABLE, desc = "worker 0 left last")
    @Outcome(id = "false, true, 0", expect = ACCEPTABLE, desc = "worker 1 left last")
    @Outcome(id = "true, true, .*", expect = FORBIDDEN, desc = "two last searchers: a decrement was lost or double-counted")
    @Outcome(id = "false, false, .*", expect = FORBIDDEN, desc = "no last searcher: nobody would wake the next worker")
    @State
    public static class LastSearcherExactlyOnce {
        private final IdleSet idle = new IdleSet(4);

        public LastSearcherExactlyOnce() {
            if (!idle.transitionToSearching() || !idle.transitionToSearching()) {
                throw new IllegalStateException("two of four workers must be able to search");
            }
        }

        /** Searcher 0 found work. */
        @Actor
        public void searcher0(ZZI_Result r) {
            r.r1 = idle.transitionFromSearching();
        }

        /** Searcher 1 found work. */
        @Actor
        public void searcher1(ZZI_Result r) {
            r.r2 = idle.transitionFromSearching();
        }

        /** Searching count. */
        @Arbiter
        public void arbiter(ZZI_Result r) {
            r.r3 = idle.searchingCount();
        }
    }

    /**
     * Of two searchers in a pool of four, one finds work while the other gives up and parks:
     * exactly one of them is the last searcher. Columns: last searcher by
     * {@code transitionFromSearching}, last searcher by {@code transitionToParked}, counts.
     */
    @JCStressTest
    @Outcome(id = "true, false, 30", expect = ACCEPTABLE,
            desc = "the parking searcher left first; the one that found work is last")
    @Outcome(id = "false, true, 30", expect = ACCEPTABLE,
            desc = "the searcher that found work left first; the parking one is last")
    @Outcome(id = "true, true, .*", expect = FORBIDDEN, desc = "two last searchers")
    @Outcome(id = "false, false, .*", expect = FORBIDDEN, desc = "no last searcher")
    @State
    public static class FoundWorkVsParkLastSearcher {
        private final IdleSet idle = new IdleSet(4);

        public FoundWorkVsParkLastSearcher() {
            if (!idle.transitionToSearching() || !idle.transitionToSearching()) {
                throw new IllegalStateException("two of four workers must be able to search");
            }
        }

        /** Searcher 0 found work. */
        @Actor
        public void foundWork(ZZI_Result r) {
            r.r1 = idle.transitionFromSearching();
        }

        /** Searcher 1 (worker index 1) parks. */
        @Actor
        public void parks(ZZI_Result r) {
            r.r2 = idle.transitionToParked(1, true);
        }

        /** Final counts. */
        @Arbiter
        public void arbiter(ZZI_Result r) {
            r.r3 = 10 * idle.unparkedCount() + idle.searchingCount();
        }
    }
}
