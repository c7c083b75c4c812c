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

package io.tidepool.internal.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** A lane's producer lock and queue; the lock word padded to a line of its own. */
class LaneLock {
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(LaneLock.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 0 free, 1 held; unlocked by a plain volatile field store (class doc, faults). */
    volatile int lock;
    /** This lane's number in its inbox. */
    final int index;
    final LaneQueue queue;
    /** Most new tasks the lane holds ({@code Long.MAX_VALUE}: no bound). */
    final long quota;
    /**
     * The producer index at which the lane is full by the last consumer index read
     * ({@code Long.MAX_VALUE} without a bound). Plain: read and written only by the lock
     * holder, handed on by the unlock and the next CAS, like the queue's producer fields.
     */
    long full;
    /**
     * The producer index up to which (exclusive) {@link #offerNew}'s fast path offers:
     * the smaller of {@link #full} and the index of the queue's next chunk link, so that one
     * compare covers both the room and the chunk. Plain, as {@link #full}. A stale value is
     * never too high: {@code full} only undercounts the room, and a resubmission ({@link
     * #offer}) only moves the producer index up, towards the slow path.
     */
    long limit;

    LaneLock(int index, LaneQueue queue, long quota) {
        this.index = index;
        this.queue = queue;
        this.quota = quota;
        this.full = quota;
        this.limit = Math.min(quota, queue.nextLink(0));
    }

    boolean casLock() {
        return LOCK.compareAndSet(this, 0, 1);
    }

    /**
     * Offers {@code task} if the lane holds fewer than {@link #quota} tasks, re-reading the
     * consumer index first if the cached one says full, and moves {@link #limit} on. By the
     * lock holder; out of line, once per chunk or quota's worth of offers to a lane, or when
     * the lane is full.
     *
     * @return whether the task is now in the lane
     */
    boolean offerSlow(Runnable task) {
        // plain: this thread holds the lock
        final long p = queue.lpProducerIndex();
        if (p >= full) {
            // volatile load of the consumer index: pairs with the consumer's release store
            // of it after each take; saturating, for the unbounded quota
            final long consumed = queue.currentConsumerIndex();
            full = consumed + quota < 0 ? Long.MAX_VALUE : consumed + quota;
            if (p >= full) {
                // no offer at p: the fast path must not take it either (full <= p)
                limit = full;
                return false;
            }
        }
        // computed first: after the offer publishes, only a field store (no call to fault in)
        final long next = Math.min(full, queue.nextLink(p));
        // links a new chunk if p is a link index
        queue.offer(task);
        limit = next;
        return true;
    }
}
