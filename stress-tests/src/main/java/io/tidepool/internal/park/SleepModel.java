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

import io.tidepool.internal.queue.Inbox;

/**
 * The two halves of the sleep protocol as the pool runs them, over the real {@link IdleSet},
 * {@link Inbox} and {@link ThreadPark}, for the stress tests of this package.
 *
 * <ul>
 *   <li>Submitter ({@link #submit}): {@code WorkStealingMode.pushNew} then
 *       {@code Pool.notifyParked}: offer a new task to an inbox within its lane quotas
 *       ({@code Inbox.offerNew}, which ends with a volatile store, the lane unlock, whether the
 *       first lane took the task or a later one did), then
 *       {@link IdleSet#workerToNotify()} and unpark the chosen worker.</li>
 *   <li>Worker ({@link Worker#prepareToPark} then {@link Worker#parkUntilWoken}):
 *       {@code WorkerLoop.park}: {@link IdleSet#transitionToParked}, re-check every queue (its
 *       own included) and call {@code notifyParked} if one is not empty (this usually wakes the
 *       worker itself, as the top sleeper), then park until the sleep state leaves
 *       {@link IdleSet#PARKED}.</li>
 *   <li>Searcher that found work ({@link Worker#endSearch}): {@code WorkerLoop.endSearch}:
 *       {@link IdleSet#transitionFromSearching()}, and if it was the last searcher, re-check
 *       every queue and call {@code notifyParked} if one is not empty.</li>
 * </ul>
 * The worker's deque is left out: only its owner pushes on it, so no race with a submitter can
 * put work there; the inbox is what external submissions race on.
 */
final class SleepModel {
    final IdleSet idle;
    final Inbox[] inboxes;
    final ThreadPark[] parks;

    /** A model pool of {@code workers} workers, all awake and not searching, unbounded. */
    SleepModel(int workers) {
        this(workers, null);
    }

    /**
     * A model pool of {@code workers} workers, all awake and not searching, whose inboxes have
     * the lane quotas {@code quotas} (null: unbounded).
     */
    SleepModel(int workers, int[] quotas) {
        this.idle = new IdleSet(workers);
        this.inboxes = new Inbox[workers];
        this.parks = new ThreadPark[workers];
        for (int i = 0; i < workers; i++) {
            inboxes[i] = new Inbox(quotas);
            parks[i] = new ThreadPark();
        }
    }

    /**
     * A model pool of two out of idle: both workers parked, then a task was submitted to
     * worker 0's inbox and its wake chose worker 0 (the top sleeper) as a searcher. Worker 1
     * sleeps. Worker 0 takes that task with {@link Worker#takeOwnInboxTask()}.
     */
    static SleepModel wokenSearcherAndSleeper(Runnable task) {
        final SleepModel model = new SleepModel(2);
        model.idle.transitionToParked(1, false);
        model.idle.transitionToParked(0, false);
        if (!model.inboxes[0].offer(task, false)) {
            throw new IllegalStateException("inbox 0 refused a task");
        }
        final int woken = model.idle.workerToNotify();
        if (woken != 0) {
            throw new IllegalStateException("the top sleeper must be worker 0, was " + woken);
        }
        return model;
    }

    /**
     * Publishes {@code task} in worker {@code target}'s inbox, then wakes a worker if the idle
     * set says so.
     *
     * @return the index of the worker chosen to wake, or -1
     */
    int submit(int target, Runnable task) {
        if (inboxes[target].offerNew(task) != Inbox.ACCEPTED) {
            throw new IllegalStateException("inbox " + target + " refused a task");
        }
        return notifyParked();
    }

    /** {@code Pool.notifyParked}: the index of the worker woken, or -1. */
    int notifyParked() {
        final int index = idle.workerToNotify();
        if (index >= 0) {
            parks[index].unpark();
        }
        return index;
    }

    /** {@code Pool.anyQueueLooksNonEmpty}, inboxes only. */
    boolean anyQueueLooksNonEmpty() {
        for (Inbox inbox : inboxes) {
            if (!inbox.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** One worker's side; its fields are touched only by the thread playing that worker. */
    final class Worker {
        final int index;
        /** Whether the idle set counts this worker as searching. */
        boolean searching;
        /** The worker its re-check of every queue woke, or -1. */
        int notified = -1;

        Worker(int index, boolean searching) {
            this.index = index;
            this.searching = searching;
        }

        /**
         * The decision half of {@code WorkerLoop.park}: register as parked, re-check every
         * queue, and ask for a wake if one is not empty ({@link #notified} records whom).
         */
        void prepareToPark() {
            idle.transitionToParked(index, searching);
            searching = false;
            if (anyQueueLooksNonEmpty()) {
                notified = notifyParked();
            }
        }

        /**
         * {@code WorkerLoop.takeInbox} of the own inbox: claims it, takes one task, releases it.
         *
         * @return the task, or null if the inbox was empty or claimed
         */
        Runnable takeOwnInboxTask() {
            final Inbox inbox = inboxes[index];
            if (!inbox.tryClaim()) {
                return null;
            }
            try {
                return inbox.relaxedPoll();
            } finally {
                inbox.release();
            }
        }

        /**
         * {@code WorkerLoop.endSearch}: this searching worker found a task; if it was the last
         * searcher and a queue still looks non-empty, wake a sleeper ({@link #notified} records
         * whom).
         */
        void endSearch() {
            searching = false;
            if (idle.transitionFromSearching() && anyQueueLooksNonEmpty()) {
                notified = notifyParked();
            }
        }

        /** The waiting half of {@code WorkerLoop.park}: park until woken. */
        void parkUntilWoken() {
            int woke;
            while ((woke = idle.acknowledgeWake(index)) == IdleSet.PARKED) {
                parks[index].park();
            }
            searching = woke == IdleSet.WOKEN_SEARCHING;
        }
    }

    /** The idle counts as one number for an outcome: {@code 10 * unparked + searching}. */
    int counts() {
        return 10 * idle.unparkedCount() + idle.searchingCount();
    }
}
