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

    /** {@link IdleSetStress.ParkVsSubmit} with a worker that skips the re-check (column 1 is always 0). */
    @JCStressTest
    @Outcome(id = "0, 0, 1, 11", expect = ACCEPTABLE, desc = "the submitter read the worker as parked and woke it")
    @Outcome(id = "0, -1, .*", expect = FORBIDDEN, desc = "lost wake-up (the planted bug)")
    @State
    public static class SkipsRecheck {
        private final SleepModel model = new SleepModel(1);

        /** Worker without the re-check: registers as parked and looks no further. */
        @Actor
        public void worker(IIII_Result r) {
            model.idle.transitionToParked(0, false);
            r.r1 = 0;
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
            if (worker.prepareToPark()) {
                worker.parkUntilWoken();
            }
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
    @Outcome(id = "1, -1, 2, 10", expect = ACCEPTABLE, desc = "the worker's re-check saw the task")
    @Outcome(id = "0, 0, 1, 11", expect = ACCEPTABLE, desc = "the submitter woke the parked worker")
    @Outcome(id = "1, 0, 1, 11", expect = ACCEPTABLE_INTERESTING, desc = "both")
    @Outcome(id = "0, -1, .*", expect = FORBIDDEN, desc = "lost wake-up (the planted bug)")
    @State
    public static class NotifiesBeforePublish {
        private final SleepModel model = new SleepModel(1);
        private final SleepModel.Worker worker = model.new Worker(0, false);

        /** Correct worker, up to the point where it would block. */
        @Actor
        public void worker(IIII_Result r) {
            r.r1 = worker.prepareToPark() ? 0 : 1;
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
}
