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

import io.tidepool.internal.worker.Lifecycle;
import io.tidepool.internal.worker.Pool;
import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The take-back: a thread whose blocking section was handed off takes a worker back when the
 * section ends, from a holder parked idle, which hands the worker over itself.
 *
 * <h2>Protocol</h2>
 * <pre>
 *   section's thread T (no core, task X goes on)    holder B of worker i, parked idle
 *     under the idle-set lock (claimParked):          in WorkerLoop.park, waiting while
 *       i = top of the sleeper stack, else give up      sleepState(i) == PARKED
 *       pool before STOP? else give up
 *       request[i] = T (release store)
 *       i: off the stack, CLAIMED, unparked (volatile) sleepState(i) != PARKED: loop ends
 *     unpark(cores[i].unpark)                         (CAS CLAIMED to AWAKE), ends its park
 *       threw? CAS(request[i], T, null), then           event (still its core)
 *       withdrawClaim(i) (CAS CLAIMED to PARKED);
 *       the request's winner of the slot settles it
 *     wait (LockSupport, on T's own thread) until:    answer(): request[i] != null?
 *       T.core != null: a worker again                  T = xchg(request[i], null)
 *       declined: stay without a core                   STOP: T.declined = true, unpark(T)
 *       STOP and CAS(request[i], T, null): withdrawn    else: B.core = null; T.core = core
 *                                                          (volatile store), unpark(T);
 *                                                          B's loop ends: B is an idle backup
 * </pre>
 * B also answers on its way out of the park when it sees STOP while still PARKED, so a
 * request is always resolved: by B's exchange (then B answers, give or decline), or, after
 * STOP, by T's withdrawal CAS; exactly one of the two wins the slot.
 *
 * <h2>Why it is safe</h2>
 * <ul>
 *   <li><b>One holder at every moment.</b> Nobody touches the core but B until B stores it
 *       into T's core field; B clears its own field first. B's writes to the owner-only fields
 *       (searching, stats, deque bottom) come before that volatile store, and T reads its field
 *       with a volatile load before using the core: a happens-before edge, as in a hand-off.</li>
 *   <li><b>The core's {@code Park} has one sleeper.</b> B answers only after its
 *       {@code park()} returned, so T can park in it (when it next runs out of work) only after
 *       B left it: a user's {@code customPark} never sees two threads.</li>
 *   <li><b>A request is seen.</b> T stores the request before the volatile store that takes i
 *       out of PARKED, both under the idle-set lock; B reads the state (volatile) and then the
 *       request, so a B that left its wait because of T's claim sees the request. Every other
 *       way out of PARKED (a notify, {@code unparkById}) runs under the same lock and takes i
 *       off the stack, so a worker is claimed at most once per sleep and never after a wake.
 *       The one exit that does not wait for a state change is STOP: there B may read the slot
 *       before T's store, and T then withdraws its request itself.</li>
 *   <li><b>Idle-set counts.</b> The claim is a wake (unparked + 1, not searching, off the
 *       stack); B leaves without touching the idle set, and T runs the core's loop as a woken,
 *       non-searching worker would. A declined or withdrawn request (STOP only) leaves i counted
 *       unparked, which STOP no longer reads (it terminates on the thread count).</li>
 * </ul>
 * Pinned-core mode has no take-back (a reactor's loop does not answer requests, and a section
 * there re-pins its thread off the reactor CPU).
 */
final class TakeBack {
    /** {@link #pollAnswer}: no answer yet. */
    static final int PENDING = 0;
    /** {@link #pollAnswer}: the holder handed the core over; it is the asker's core now. */
    static final int GIVEN = 1;
    /** {@link #pollAnswer}: the holder declined (the pool is stopping). */
    static final int DECLINED = 2;
    /** {@link #pollAnswer}: the asker withdrew its request after STOP (the holder left). */
    static final int WITHDRAWN = 3;

    private static final VarHandle REQUEST = MethodHandles.arrayElementVarHandle(WorkerThread[].class);
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(TakeBack.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Pool pool;
    /**
     * Per worker index, the thread asking for that worker, or null. Set under the idle-set lock
     * by the asker (release store); cleared by the holder's exchange or the asker's withdrawal.
     */
    private final WorkerThread[] requests;
    /** Take-backs since the pool started (a metric). */
    private volatile long count;

    TakeBack(Pool pool, int workers) {
        this.pool = pool;
        this.requests = new WorkerThread[workers];
    }

    /**
     * On the section's thread {@code self}, at the end of a section whose worker was handed
     * off, while its task goes on: takes a worker back from a holder parked idle, and waits for
     * the holder's answer. The caller does the accounting of the hand-off when this succeeds.
     *
     * @return whether {@code self} holds a worker again (its core field, read by its task's
     *     {@code Worker.current()} and spawns from here on)
     */
    boolean tryTakeBack(WorkerThread self) {
        if (!pool.mode().defersSections() || self.lvCore() != null || self.lpCurrentTask() == null
                || HandOffState.of(self).lvAdoptAfterTask() != null || pool.lvLifecycle() >= Lifecycle.STOP) {
            return false;
        }
        final int index = request(self);
        if (index < 0 || awaitAnswer(self, index) != GIVEN) {
            return false;
        }
        HandOffState.of(self).takenBack = self.lvCore();
        COUNT.getAndAdd(this, 1L);
        return true;
    }

    /**
     * The asker's first step: claims the worker parked last, records the request on it and
     * wakes its holder.
     *
     * @return the claimed worker's index, or -1 if none is parked or the pool is stopping
     */
    int request(WorkerThread self) {
        final int index = pool.idle().claimParked(i -> {
            if (pool.lvLifecycle() >= Lifecycle.STOP) {
                return false;
            }
            // release store; the claim's volatile store of the sleep state follows, and the
            // holder's volatile read of that state, then of this slot, is the partner
            soRequest(i, self);
            return true;
        });
        if (index >= 0) {
            try {
                // plain read of the slot: a retaken core and its successor share park and unpark
                pool.cores()[index].unpark.unpark();
            } catch (Throwable t) {
                // a custom unpark is user code: reported, and the claim undone if it still can be
                pool.runner().reportUncaught(self, t);
                return unparkFailed(self, index);
            }
        }
        return index;
    }

    /**
     * The claimed holder's unpark threw, so it may sleep on without ever seeing the request.
     * The asker withdraws the request; if the holder took it first, the holder is awake and
     * answers as usual. Then the claim: withdrawn unless the holder woke anyway (it then finds
     * no request and runs the worker on, awake and not searching, as the claim counted it).
     * Either way the asker goes on without a core, as when no worker is parked.
     *
     * @return {@code index} if the holder already took the request (await its answer), else -1
     */
    private int unparkFailed(WorkerThread self, int index) {
        if (!casRequest(index, self, null)) {
            return index;
        }
        pool.idle().withdrawClaim(index);
        return -1;
    }

    /** Parks {@code self} until its request for worker {@code index} is resolved. */
    private int awaitAnswer(WorkerThread self, int index) {
        boolean interrupted = false;
        int answer;
        while ((answer = pollAnswer(self, index)) == PENDING) {
            LockSupport.park(this);
            // shutdownNow's interrupt unparks us; it is kept for the task, restored below
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            self.interrupt();
        }
        return answer;
    }

    /**
     * One look, on the asker, at the answer to its request for worker {@code index}; after
     * STOP it withdraws the request if the holder has not taken it yet.
     *
     * @return {@link #PENDING}, {@link #GIVEN}, {@link #DECLINED} or {@link #WITHDRAWN}
     */
    int pollAnswer(WorkerThread self, int index) {
        // volatile load; the partner of the holder's store of the core (see answer)
        if (self.lvCore() != null) {
            return GIVEN;
        }
        if (HandOffState.of(self).lvTakeBackDeclined()) {
            HandOffState.of(self).svTakeBackDeclined(false);
            return DECLINED;
        }
        if (pool.lvLifecycle() >= Lifecycle.STOP && casRequest(index, self, null)) {
            // the holder left on STOP without seeing the request
            return WITHDRAWN;
        }
        return PENDING;
    }

    /**
     * On the holder {@code self} of {@code core}, right after its park returned and before it
     * touches the core again for its own loop: answers a take-back request for the core's
     * worker, if any. One volatile load when there is none.
     *
     * @return whether the core was handed over (the caller's loop must end: the core is no
     *     longer its own); false also when a request was declined (the pool is stopping)
     */
    boolean answer(WorkerThread self, WorkerCore core) {
        final int index = core.index;
        if (lvRequest(index) == null) {
            return false;
        }
        final WorkerThread taker = xchgRequest(index, null);
        if (taker == null) {
            // withdrawn after STOP
            return false;
        }
        if (pool.lvLifecycle() >= Lifecycle.STOP) {
            HandOffState.of(taker).svTakeBackDeclined(true);
            LockSupport.unpark(taker);
            return false;
        }
        // the holder clears its own field first: no moment with two holders
        self.svCore(null);
        HandOffState.of(self).gaveCoreAway = true;
        // volatile store; every write this thread made to the core comes before it, and the
        // taker's volatile load in awaitAnswer is the partner
        taker.svCore(core);
        LockSupport.unpark(taker);
        return true;
    }

    /** {@return the take-backs since the pool started} */
    long lvCount() {
        return (long) COUNT.getVolatile(this);
    }

    /** Volatile load of the request slot of worker {@code index}. */
    WorkerThread lvRequest(int index) {
        return (WorkerThread) REQUEST.getVolatile(requests, index);
    }

    /** Release store; under the idle-set lock (package-private for a jcstress Broken variant). */
    void soRequest(int index, WorkerThread t) {
        REQUEST.setRelease(requests, index, t);
    }

    private WorkerThread xchgRequest(int index, WorkerThread t) {
        return (WorkerThread) REQUEST.getAndSet(requests, index, t);
    }

    private boolean casRequest(int index, WorkerThread expected, WorkerThread value) {
        return REQUEST.compareAndSet(requests, index, expected, value);
    }
}
