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

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.tidepool.internal.park.IdleSet;
import io.tidepool.internal.worker.CoreAccess;
import io.tidepool.internal.worker.Lifecycle;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress races of the take-back handshake ({@link TakeBack} and
 * {@link IdleSet#claimParked}, the real code) on a real but unstarted one-worker {@link Pool}
 * whose only worker is parked idle.
 *
 * <p>Two {@link WorkerThread} objects that never start are played by actors: the <em>asker</em>
 * (a thread at the end of a handed-off section: {@link TakeBack#request}, then
 * {@link TakeBack#pollAnswer}, the steps of its wait) and the <em>holder</em> (parked in
 * {@code WorkerLoop.park}; one pass of its wait loop: still PARKED, it leaves only on STOP,
 * answering; else it writes a field of its core, as its park event's end does, answers with
 * {@link TakeBack#answer}, and unless it gave the core away takes up the searching flag its
 * wake left it). The arbiter plays what the real threads would do next: the holder's park
 * returns (the asker's unpark or a notify woke it), and the asker looks again.
 *
 * <p>Result: {@code r1} is what the asker got: 0 no parked worker to claim, 1 the core (11 if
 * it saw the answer while racing the holder), 2 declined, 3 withdrawn. {@code r2} has four
 * digits, each 1 when: the request is resolved; its slot is clear; exactly one thread holds
 * the core, and it is the asker exactly when it was given it; the idle set's counts match the
 * holder's state (unparked 1, searching as its searching flag; not checked after STOP, which
 * no longer reads them) and an asker given the core saw the holder's last write to it. Every
 * other outcome is FORBIDDEN: two holders or none, a request never resolved, counts off.
 */
public final class TakeBackStress {
    private static final VarHandle LIFECYCLE;

    static {
        try {
            LIFECYCLE = MethodHandles.privateLookupIn(Pool.class, MethodHandles.lookup())
                    .findVarHandle(Pool.class, "lifecycle", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TakeBackStress() {
    }

    /** The pool, its parked worker, the asker and the holder, and what each saw. */
    abstract static class Stage {
        final Pool pool = RetakeStress.newPool();
        final IdleSet idle = pool.idle();
        final TakeBack takeBack = HandOffs.of(pool).takeBack();
        final WorkerCore core = pool.cores()[0];
        final WorkerThread asker = new WorkerThread(pool, "take-back-stress-section", 0);
        final WorkerThread holder = new WorkerThread(pool, "take-back-stress-worker-0", 0);
        {
            HandOffs.of(pool).backups().register(asker);
            HandOffs.of(pool).backups().register(holder);
        }
        int index = -1;
        int answer = TakeBack.PENDING;
        boolean answeredWhileRacing;
        int fieldSeen = -1;
        boolean holderLeft;
        boolean holderSearching;

        /** The holder runs the worker and is parked idle; the asker is in a task, coreless. */
        Stage() {
            holder.svCore(core);
            asker.poCurrentTask(new RetakeStress.Task(99));
            idle.transitionToParked(0, false);
        }

        /** The asker at its section's end: the claim, then one look at the answer. */
        void ask() {
            index = takeBack.request(asker);
            look();
            answeredWhileRacing = answer != TakeBack.PENDING;
        }

        /** One step of the asker's wait. */
        void look() {
            if (index >= 0 && answer == TakeBack.PENDING) {
                answer = takeBack.pollAnswer(asker, index);
                if (answer == TakeBack.GIVEN) {
                    fieldSeen = asker.lvCore().lpBatchPolls();
                }
            }
        }

        /** One pass of the holder's wait loop in WorkerLoop.park, and what follows it. */
        void holderWakes() {
            if (holderLeft) {
                return;
            }
            final int woke = idle.acknowledgeWake(0);
            if (woke == IdleSet.PARKED) {
                if (pool.lvLifecycle() >= Lifecycle.STOP) {
                    takeBack.answer(holder, core);
                    holderLeft = true;
                }
                return;
            }
            // the end of the park event: the holder's own core, written after the wake
            CoreAccess.spBatchPolls(core, 42);
            holderLeft = true;
            if (takeBack.answer(holder, core)) {
                return;
            }
            core.spSearching(woke == IdleSet.WOKEN_SEARCHING);
            holderSearching = core.lpSearching();
        }

        /** The holder's park returns, the asker looks again; then the result. */
        void settle(II_Result r) {
            holderWakes();
            look();
            final boolean stopped = pool.lvLifecycle() >= Lifecycle.STOP;
            final boolean resolved = index < 0 || answer != TakeBack.PENDING;
            final boolean slotClear = takeBack.lvRequest(0) == null;
            final boolean given = answer == TakeBack.GIVEN;
            final boolean oneHolder = given
                    ? asker.lvCore() == core && holder.lvCore() == null
                    : asker.lvCore() == null && holder.lvCore() == core;
            final boolean counts = stopped || idle.unparkedCount() == 1
                    && idle.searchingCount() == (holderSearching ? 1 : 0)
                    && core.lpSearching() == holderSearching;
            final boolean seen = !given || fieldSeen == 42;
            r.r1 = index < 0 ? 0 : given && answeredWhileRacing ? 11 : answer;
            r.r2 = (resolved ? 1000 : 0) + (slotClear ? 100 : 0) + (oneHolder ? 10 : 0)
                    + (counts && seen ? 1 : 0);
        }
    }

    /** The asker's claim against a submitter's notify, for the same parked worker. */
    @JCStressTest
    @Outcome(id = "1, 1111", expect = ACCEPTABLE, desc = "the asker claimed the worker; the holder handed it over; books balance")
    @Outcome(id = "0, 1111", expect = ACCEPTABLE, desc = "the notify woke the holder first (searching); the asker found no parked worker; books balance")
    @Outcome(expect = FORBIDDEN, desc = "two holders or none, a request unresolved or left in its slot, or the idle set's counts off")
    @State
    public static class RequestVsNotify extends Stage {
        /** The section's thread at its end. */
        @Actor
        public void asker() {
            ask();
        }

        /** A submitter's notify: takes a sleeper as searching and unparks it. */
        @Actor
        public void notifier() {
            if (idle.workerToNotify() >= 0) {
                core.unpark.unpark();
            }
        }

        @Arbiter
        public void arbiter(II_Result r) {
            settle(r);
        }
    }

    /** The holder's wake and answer against the asker's claim and look. */
    @JCStressTest
    @Outcome(id = "11, 1111", expect = ACCEPTABLE_INTERESTING, desc = "the asker saw the core handed over while racing the holder; it saw the holder's writes")
    @Outcome(id = "1, 1111", expect = ACCEPTABLE, desc = "the asker was given the core after the race; books balance")
    @Outcome(expect = FORBIDDEN, desc = "two holders or none, the holder's writes not visible to the asker, a request unresolved, or counts off")
    @State
    public static class AnswerVsLook extends Stage {
        /** The section's thread at its end. */
        @Actor
        public void asker() {
            ask();
        }

        /** The parked holder: one pass of its wait loop (its park may return at any time). */
        @Actor
        public void holder() {
            holderWakes();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            settle(r);
        }
    }

    /** The asker's claim against STOP and the holder's exit from its park on STOP. */
    @JCStressTest
    @Outcome(id = "0, 1111", expect = ACCEPTABLE, desc = "STOP came first: no claim; the holder keeps its core")
    @Outcome(id = "2, 1111", expect = ACCEPTABLE, desc = "the holder saw the request after STOP and declined it")
    @Outcome(id = "3, 1111", expect = ACCEPTABLE_INTERESTING, desc = "the holder left on STOP before the request was stored; the asker withdrew it")
    @Outcome(expect = FORBIDDEN, desc = "a core given after STOP, two holders or none, or a request unresolved or left in its slot")
    @State
    public static class RequestVsStop extends Stage {
        /** The section's thread at its end. */
        @Actor
        public void asker() {
            ask();
        }

        /** shutdownNow's state change, then the parked holder's pass (it sees STOP). */
        @Actor
        public void stopper() {
            LIFECYCLE.setVolatile(pool, Lifecycle.STOP);
            holderWakes();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            settle(r);
        }
    }

    /**
     * Planted bug: the asker checks PARKED without the idle-set lock, stores its request and
     * wakes the worker by id, ignoring that the wake may have failed. A notify between the
     * check and the wake makes the holder searching and then hands the core to the asker:
     * the idle set counts a searcher that no thread is. CI's sanity pass excludes it.
     */
    @JCStressTest
    @Outcome(id = "1, 1111", expect = ACCEPTABLE, desc = "the asker claimed the worker; books balance")
    @Outcome(id = "0, 1111", expect = ACCEPTABLE, desc = "the notify woke the holder first; books balance")
    @Outcome(expect = FORBIDDEN, desc = "caught: a request made on a worker a notify had woken (counts off)")
    @State
    public static class BrokenRequestVsNotify extends Stage {
        /** The broken claim: check, store, wake, with no re-check under the lock. */
        @Actor
        public void asker() {
            if (idle.sleepState(0) == IdleSet.PARKED) {
                takeBack.soRequest(0, asker);
                idle.unparkById(0);
                core.unpark.unpark();
                index = 0;
            }
            look();
            answeredWhileRacing = answer != TakeBack.PENDING;
        }

        /** A submitter's notify. */
        @Actor
        public void notifier() {
            if (idle.workerToNotify() >= 0) {
                core.unpark.unpark();
            }
        }

        @Arbiter
        public void arbiter(II_Result r) {
            settle(r);
        }
    }
}
