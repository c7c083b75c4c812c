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

import static io.tidepool.internal.park.IdleState.ONE_SEARCHING;
import static io.tidepool.internal.park.IdleState.ONE_UNPARKED;
import static io.tidepool.internal.park.IdleState.searching;
import static io.tidepool.internal.park.IdleState.unparked;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

/**
 * Who is asleep, who is searching, and whom a new task should wake.
 *
 * <p>A port of the protocol of tokio's multi-thread scheduler ({@code idle.rs}): a packed word
 * counts unparked and searching workers and is read without a lock on every submission; the
 * stack of sleeping workers is changed only under a lock, on the slow paths (a worker going to
 * sleep, a submission that must wake one).
 *
 * <h2>Rules that make wake-ups neither lost nor wasted</h2>
 * <ol>
 *   <li>A submitter publishes its task, issues a full fence, then calls {@link #workerToNotify}.
 *       It wakes a worker only if nobody is searching and somebody is parked; the woken worker is
 *       counted as searching from the moment it is chosen, so a burst of submissions wakes one
 *       worker, not one per task.</li>
 *   <li>At most half of the workers search at once ({@link #transitionToSearching}).</li>
 *   <li>A searcher that finds work leaves the searching state; if it was the last searcher it
 *       wakes another worker ({@link #transitionFromSearching} returns {@code true}), so idle
 *       workers join one at a time while there is work to find.</li>
 *   <li>A worker going to sleep decrements the counts (a volatile read-modify-write, totally
 *       ordered with the submitter's fence and read), then re-checks every queue, its own first.
 *       Either the submitter saw it unparked or searching (and the worker's re-check sees the
 *       task), or the submitter saw it parked (and wakes someone). tokio re-checks other queues
 *       only in the last searcher; tidepool re-checks in every sleeper, because a pool task may
 *       block, and a task queued behind a blocked worker must still reach an idle one.</li>
 * </ol>
 *
 * <h2>Faults</h2>
 * {@link #workerToNotify} runs on the submitter's stack, which may be nearly exhausted (a deeply
 * recursive task that spawns, a waker called at the bottom of a recursion). Its transition
 * raises the counts, pops a sleeper and marks it, and the caller then unparks it: a
 * {@link StackOverflowError} after the counts were raised and before the unpark would leave the
 * pool believing a worker searches while every worker sleeps, so no later submission would wake
 * anyone. So the slow path first checks that enough stack is left for all of it, the unpark and
 * the withdrawal of a failed unpark included ({@link StackHeadroom}): an overflow is thrown
 * there, before the first step. The lock is a monitor, whose entry and exit cannot overflow, so
 * no caller at its limit can leave it held.
 */
public final class IdleSet {
    /** Sleep state of a worker: it is on the sleeper stack. */
    public static final int PARKED = 0;
    /** Sleep state: awake, chosen by {@link #workerToNotify} and counted as searching. */
    public static final int WOKEN_SEARCHING = 1;
    /** Sleep state: awake and not searching. */
    public static final int AWAKE = 2;
    /**
     * Sleep state: claimed by a take-back ({@link #claimParked}), off the stack, counted as
     * unparked and not searching; {@link #acknowledgeWake} accepts it, unless
     * {@link #withdrawClaim} put the worker back on the stack first.
     */
    public static final int CLAIMED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(IdleSet.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int numWorkers;
    private volatile int state;
    /**
     * Guards the sleeper stack. A monitor, not a {@code ReentrantLock}: entering and leaving it
     * are bytecodes whose slow paths run in the JVM, so a caller at its stack limit cannot
     * overflow while taking or releasing it (a {@code ReentrantLock} could leave its hold behind
     * or, taken contended for the first time in the JVM at the limit, fail to initialize the
     * queue node class for every later lock in the JVM).
     */
    private final Object lock = new Object();
    /** Sleeping worker indices, a stack; guarded by {@code lock}. */
    private final int[] sleepers;
    /** Number of entries in {@code sleepers}; guarded by {@code lock}. */
    private int sleeperCount;
    /** Per-worker sleep state; written under {@code lock}, read by the worker without it. */
    private final AtomicIntegerArray sleepState;

    /**
     * Creates the idle set of a pool whose workers all start awake and not searching.
     *
     * @param numWorkers pool size, 1..32768
     */
    public IdleSet(int numWorkers) {
        this.numWorkers = numWorkers;
        this.sleepers = new int[numWorkers];
        this.sleepState = new AtomicIntegerArray(numWorkers);
        for (int i = 0; i < numWorkers; i++) {
            sleepState.set(i, AWAKE);
        }
        this.state = IdleState.of(numWorkers, 0);
    }

    /**
     * Picks a parked worker to wake for newly published work, or returns -1 when a searcher or
     * an awake worker will find it. The caller has issued a full fence after publishing, and must
     * unpark the returned worker.
     *
     * @return the index of the worker taken off the sleeper stack (now counted as unparked and
     *     searching), or -1 if no worker should be woken
     */
    public int workerToNotify() {
        if (!shouldWake(lvState())) {
            return -1;
        }
        // a StackOverflowError (a submitter at its stack limit) is thrown here, with nothing
        // changed, not between the steps below or in the caller's unpark (see "Faults")
        StackHeadroom.ensure();
        synchronized (lock) {
            if (!shouldWake(lvState()) || sleeperCount == 0) {
                return -1;
            }
            // the probe above covers these calls (a few frames each, through VarHandles)
            xaddState(ONE_SEARCHING + ONE_UNPARKED);
            final int index = sleepers[--sleeperCount];
            sleepState.set(index, WOKEN_SEARCHING);
            return index;
        }
    }

    /**
     * Whether {@link #workerToNotify} would look for a sleeper to wake now: somebody is parked
     * and nobody searches. A volatile load of the counts and a compare, for the submitter's
     * inlined fast path; the caller has published its work and issued a full fence (or ended
     * with a volatile store) before it, as for {@link #workerToNotify}, which it calls when
     * this says yes (and which decides again under the lock).
     *
     * @return false if a searcher or an awake worker will find the work
     */
    public boolean anyToWake() {
        return shouldWake(lvState());
    }

    /**
     * A hint for a submitter choosing an inbox: the worker {@link #workerToNotify} would take
     * off the sleeper stack now, or -1 if it would wake nobody (a searcher or an awake worker
     * will look). Read without the lock, so it can be stale; any answer is safe, because every
     * inbox is searched, and a right one saves the woken worker a search of another's queues.
     *
     * @return a worker index in {@code [0, numWorkers)}, or -1
     */
    public int likelyWakee() {
        if (!shouldWake(lvState())) {
            return -1;
        }
        // racy reads of lock-guarded fields: the count is always within the array, and every
        // entry is some worker's index
        final int count = sleeperCount;
        return count > 0 ? sleepers[count - 1] : -1;
    }

    /**
     * Tries to start searching; refuses when half the workers already search. A CAS loop, so the
     * bound holds exactly (tokio's check-then-add lets two racing workers both pass).
     *
     * @return whether the caller is now counted as searching
     */
    public boolean transitionToSearching() {
        while (true) {
            final int s = lvState();
            if (2 * searching(s) >= numWorkers) {
                return false;
            }
            if (casState(s, s + ONE_SEARCHING)) {
                return true;
            }
        }
    }

    /**
     * Stops searching (found work).
     *
     * @return whether this was the last searcher, in which case the caller should wake another
     */
    public boolean transitionFromSearching() {
        final int previous = xaddState(-ONE_SEARCHING);
        return searching(previous) == 1;
    }

    /**
     * Registers worker {@code index} as parked.
     *
     * @param index the parking worker's index
     * @param searching whether the worker was counted as searching
     * @return whether it was the last searcher
     */
    public boolean transitionToParked(int index, boolean searching) {
        synchronized (lock) {
            final int previous = xaddState(-(ONE_UNPARKED + (searching ? ONE_SEARCHING : 0)));
            sleepers[sleeperCount++] = index;
            sleepState.set(index, PARKED);
            return searching && searching(previous) == 1;
        }
    }

    /**
     * As {@link #transitionToParked(int, boolean)}, but only if {@code mayPark} still holds when
     * asked under the lock; used when the pool detects stuck workers, whose detector takes a
     * worker away from its thread inside {@link #underLock}: a thread that lost its worker
     * never parks in the worker's name.
     *
     * @param index the parking worker's index
     * @param searching whether the worker was counted as searching
     * @param mayPark asked once, under the lock
     * @return whether the worker is now registered as parked (false: nothing changed)
     */
    public boolean transitionToParkedIf(int index, boolean searching, BooleanSupplier mayPark) {
        synchronized (lock) {
            if (!mayPark.getAsBoolean()) {
                return false;
            }
            xaddState(-(ONE_UNPARKED + (searching ? ONE_SEARCHING : 0)));
            sleepers[sleeperCount++] = index;
            sleepState.set(index, PARKED);
            return true;
        }
    }

    /**
     * Runs {@code action} under the lock that {@link #transitionToParkedIf} holds while it asks
     * its condition, so the two are serialized. The lock is reentrant; {@code action} should
     * still be short (it holds up workers going to sleep).
     *
     * @param action what to run under the lock
     * @return what {@code action} returned
     */
    public boolean underLock(BooleanSupplier action) {
        synchronized (lock) {
            return action.getAsBoolean();
        }
    }

    /**
     * Wakes a specific parked worker as not searching (shutdown, or work found in its own inbox).
     *
     * @param index the worker to wake
     * @return whether it was parked; if not, someone else already woke it
     */
    public boolean unparkById(int index) {
        synchronized (lock) {
            if (sleepState.get(index) != PARKED) {
                return false;
            }
            for (int i = sleeperCount - 1; i >= 0; i--) {
                if (sleepers[i] == index) {
                    sleepers[i] = sleepers[--sleeperCount];
                    break;
                }
            }
            xaddState(ONE_UNPARKED);
            sleepState.set(index, AWAKE);
            return true;
        }
    }

    /**
     * Takes the most recently parked worker off the sleeper stack for a take-back, as
     * {@link #unparkById} would (not searching, counted as unparked; {@link #CLAIMED} until the
     * worker accepts it), if {@code claim} accepts it. {@code claim} runs under the lock before anything changes, so whatever it
     * stores is visible to the worker once it reads its sleep state as no longer
     * {@link #PARKED} (the volatile store of that state comes after, under the same lock).
     * Serialized with every other wake: a worker is claimed at most once per sleep, and a
     * worker woken otherwise is not on the stack any more.
     *
     * @param claim asked once, under the lock, with the candidate's index
     * @return the claimed worker's index, or -1 if none is parked or {@code claim} refused
     */
    public int claimParked(IntPredicate claim) {
        synchronized (lock) {
            if (sleeperCount == 0) {
                return -1;
            }
            final int index = sleepers[sleeperCount - 1];
            if (!claim.test(index)) {
                return -1;
            }
            sleeperCount--;
            xaddState(ONE_UNPARKED);
            sleepState.set(index, CLAIMED);
            return index;
        }
    }

    /**
     * Called by a worker whose park returned: accepts a wake, or tells it that it is still
     * parked. A worker chosen by {@link #workerToNotify} moves from {@link #WOKEN_SEARCHING} to
     * {@link #AWAKE} here, a CAS that settles the race with {@link #withdrawWake}: either the
     * worker accepts the wake (and counts as the searcher it was chosen as), or the wake was
     * withdrawn first and the worker, back on the sleeper stack, parks again. A take-back's
     * {@link #CLAIMED} is settled the same way against {@link #withdrawClaim}.
     *
     * @param index the worker's index
     * @return {@link #PARKED} (park again), {@link #WOKEN_SEARCHING} (woken as a searcher, now
     *     awake), {@link #CLAIMED} (claimed by a take-back, now awake, not searching) or
     *     {@link #AWAKE} (woken not searching)
     */
    public int acknowledgeWake(int index) {
        while (true) {
            final int s = sleepState.get(index);
            if (s != WOKEN_SEARCHING && s != CLAIMED || sleepState.compareAndSet(index, s, AWAKE)) {
                return s;
            }
        }
    }

    /**
     * Takes back a take-back's claim ({@link #claimParked}) whose unpark threw: unless the
     * worker already accepted it ({@link #acknowledgeWake}), it goes back to the sleeper stack,
     * at the bottom, and the count of unparked workers drops again, as if it had never been
     * claimed.
     *
     * @param index the worker claimed and not woken
     * @return whether the claim was withdrawn (false: the worker woke anyway)
     */
    public boolean withdrawClaim(int index) {
        synchronized (lock) {
            if (!sleepState.compareAndSet(index, CLAIMED, PARKED)) {
                return false;
            }
            xaddState(-ONE_UNPARKED);
            pushBottom(index);
            return true;
        }
    }

    /**
     * Takes back the wake of a worker returned by {@link #workerToNotify} whose unpark threw:
     * unless the worker already accepted it ({@link #acknowledgeWake}), it goes back to the
     * sleeper stack, at the bottom so that the next choice is another worker, and the counts
     * drop again. The pool is then as if the wake had never been chosen, so the next
     * {@link #workerToNotify} wakes someone (tokio has no such path: its unpark cannot fail,
     * while a tidepool park is user code).
     *
     * @param index the worker chosen and not woken
     * @return whether the wake was withdrawn (false: the worker woke anyway and searches)
     */
    public boolean withdrawWake(int index) {
        synchronized (lock) {
            if (!sleepState.compareAndSet(index, WOKEN_SEARCHING, PARKED)) {
                return false;
            }
            xaddState(-(ONE_SEARCHING + ONE_UNPARKED));
            pushBottom(index);
            return true;
        }
    }

    /** Puts a worker back at the bottom of the sleeper stack, so the next choice is another. Under the lock. */
    private void pushBottom(int index) {
        System.arraycopy(sleepers, 0, sleepers, 1, sleeperCount);
        sleepers[0] = index;
        sleeperCount++;
    }

    /**
     * The sleep state of a worker.
     *
     * @param index the worker's index
     * @return {@link #PARKED}, {@link #WOKEN_SEARCHING}, {@link #AWAKE} or {@link #CLAIMED}
     */
    public int sleepState(int index) {
        return sleepState.get(index);
    }

    /** {@return the number of workers not parked} */
    public int unparkedCount() {
        return unparked(lvState());
    }

    /** {@return the number of searching workers} */
    public int searchingCount() {
        return searching(lvState());
    }

    private boolean shouldWake(int s) {
        return searching(s) == 0 && unparked(s) < numWorkers;
    }

    private int lvState() {
        return state;
    }

    private boolean casState(int expected, int value) {
        return STATE.compareAndSet(this, expected, value);
    }

    private int xaddState(int delta) {
        return (int) STATE.getAndAdd(this, delta);
    }
}
