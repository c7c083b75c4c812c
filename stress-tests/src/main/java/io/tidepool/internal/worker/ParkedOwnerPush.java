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
package io.tidepool.internal.worker;

import io.tidepool.internal.park.IdleSet;
import io.tidepool.internal.queue.WorkStealingDeque;
import java.lang.invoke.VarHandle;

/**
 * The state of {@link ParkedOwnerPushStress}: two workers of a work-stealing pool, with the
 * real {@link IdleSet} and {@link WorkStealingDeque}, their steps written out as
 * {@link WorkerLoop} and {@code WorkStealingMode.pushLocal} take them (an unpark is modelled by
 * the sleep state alone: a worker is awake once it is no longer {@link IdleSet#PARKED}).
 *
 * <p>Worker 1 (the owner) sleeps inside a reactor park with task X left in its deque, and its
 * select has just reported a readiness; worker 0 (the thief) was woken as a searcher for X.
 * The owner's dispatch then pushes the woken task T onto its own deque while the thief steals
 * X, runs it, searches again and goes to sleep. T must end with a worker that will run it: in
 * the thief's hands, or in a deque with some worker awake.
 */
class ParkedOwnerPush {
    static final int OWNER = 1;
    static final int THIEF = 0;
    /** T was stolen and run by the thief. */
    static final int RUN_BY_THIEF = 0;
    /** T is still queued and some worker is awake (or woken) to run it. */
    static final int QUEUED_WITH_A_WORKER_AWAKE = 1;
    /** T is still queued and both workers sleep: the lost wake. */
    static final int STRANDED = 2;

    private static final Runnable X = () -> { };
    private static final Runnable T = () -> { };

    final IdleSet idle = new IdleSet(2);
    final WorkStealingDeque<Runnable> ownerDeque = new WorkStealingDeque<>();
    private boolean thiefRanT;

    ParkedOwnerPush() {
        ownerDeque.push(X);
        idle.transitionToParked(OWNER, false);
        idle.transitionToParked(THIEF, false);
        // X's wake chose the thief (the top sleeper) as the searcher; it accepted the wake
        if (idle.workerToNotify() != THIEF || idle.acknowledgeWake(THIEF) != IdleSet.WOKEN_SEARCHING) {
            throw new IllegalStateException("the thief must be woken as the searcher");
        }
    }

    /** The owner's dispatch inside its park: pushLocal of the woken task. */
    boolean pushFromPark() {
        final boolean wasEmpty = ownerDeque.push(T);
        if (wasEmpty) {
            // as pushLocal: orders the push before the read of the idle state
            VarHandle.fullFence();
            notifyParked();
        }
        return wasEmpty;
    }

    /** The owner's loop after its park returned still parked: work the park left wakes it. */
    void ownRecheck() {
        if (!ownerDeque.isEmpty()) {
            idle.unparkById(OWNER);
        }
    }

    /** The thief: steals X, ends its search, searches again, then goes to sleep. */
    void stealThenSleep() {
        if (ownerDeque.steal() != X) {
            throw new IllegalStateException("the thief must steal X first");
        }
        // endSearch: the last searcher owes a wake if work is still queued
        if (idle.transitionFromSearching() && !ownerDeque.isEmpty()) {
            notifyParked();
        }
        // runs X, then looks for work once more
        if (ownerDeque.steal() == T) {
            thiefRanT = true;
            return;
        }
        // park: register as parked, then re-check every queue
        idle.transitionToParked(THIEF, false);
        if (!ownerDeque.isEmpty()) {
            notifyParked();
        }
    }

    private void notifyParked() {
        // the chosen worker's sleep state is no longer PARKED: that is its wake here
        idle.workerToNotify();
    }

    /** {@return where T ended} Called once both sides are done. */
    int fateOfT() {
        if (thiefRanT) {
            return RUN_BY_THIEF;
        }
        if (ownerDeque.isEmpty()) {
            throw new IllegalStateException("T left the deque without being run");
        }
        final boolean anyAwake = idle.sleepState(OWNER) != IdleSet.PARKED
                || idle.sleepState(THIEF) != IdleSet.PARKED;
        return anyAwake ? QUEUED_WITH_A_WORKER_AWAKE : STRANDED;
    }
}
