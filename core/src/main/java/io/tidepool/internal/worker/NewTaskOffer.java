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

import io.tidepool.internal.queue.Inbox;

/**
 * Puts a new task from outside the pool into a worker's task inbox, within the lane quotas of a
 * pool built with {@code maxQueued}. Shared by both modes, which differ only in whom they wake:
 * the work-stealing mode's idle set, or the reactor of the core that took the task. The
 * work-stealing mode makes the first offer itself ({@code WorkStealingMode.pushNew}, bounded
 * or not: an unbounded inbox's quotas are never reached) and comes here only past a full first
 * inbox ({@link #offerAfter}); the pinned mode offers with {@code Inbox.offer} when unbounded.
 *
 * <p>The first inbox takes the task in the common case; only a full first inbox walks the
 * others, in a method of its own that a submission with room never enters.
 */
public final class NewTaskOffer {
    /** {@link #offer}: the pool no longer takes new tasks. */
    public static final int REFUSED = -1;
    /** {@link #offer}: every inbox was full. */
    public static final int FULL = -2;

    private NewTaskOffer() {}

    /**
     * Offers {@code task} to the inbox of core {@code first}, then, while full, to the next ones
     * in turn. The caller wakes the consumer of the inbox that took it: the offer ends with a
     * volatile store after the queue's stores ({@link Inbox#offerNew}), so a volatile load of
     * an idle state after this call sees the task published.
     *
     * @param pool the pool
     * @param first the index of the core to try first
     * @param task the task, not null
     * @return the index of the core whose inbox took the task, {@link #FULL} or {@link #REFUSED}
     *     (the pool left RUNNING, or an inbox was shut meanwhile)
     */
    public static int offer(Pool pool, int first, Runnable task) {
        if (pool.lvLifecycle() != Lifecycle.RUNNING) {
            return REFUSED;
        }
        final WorkerCore[] cores = pool.cores();
        final int outcome = cores[first].inbox.offerNew(task);
        if (outcome == Inbox.ACCEPTED) {
            return first;
        }
        return outcome == Inbox.REFUSED ? REFUSED : offerAfter(cores, first, task);
    }

    /**
     * {@link #offer} past a full first inbox: the others in turn, out of line.
     *
     * @param cores the pool's cores
     * @param first the index of the core whose inbox was full
     * @param task the task, not null
     * @return as {@link #offer}
     */
    static int offerAfter(WorkerCore[] cores, int first, Runnable task) {
        final int n = cores.length;
        int i = first;
        for (int tried = 1; tried < n; tried++) {
            i = i + 1 == n ? 0 : i + 1;
            final int outcome = cores[i].inbox.offerNew(task);
            if (outcome == Inbox.ACCEPTED) {
                return i;
            }
            if (outcome == Inbox.REFUSED) {
                return REFUSED;
            }
        }
        return FULL;
    }
}
