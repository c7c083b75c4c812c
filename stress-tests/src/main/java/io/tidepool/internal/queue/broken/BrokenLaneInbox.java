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

package io.tidepool.internal.queue.broken;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jctools.queues.varhandle.SpscUnboundedVarHandleArrayQueue;

/**
 * A deliberately broken one-lane copy of the producer side of
 * {@link io.tidepool.internal.queue.Inbox}, with one of two planted bugs. Exists only so that
 * {@link BrokenLaneInboxStress} can show the jcstress races catch them; never use it.
 *
 * <ul>
 *   <li>{@link Bug#FLAGS_BEFORE_LOCK}: the producer reads the flags and only then locks the lane.
 *       A close that sets its flag and reads the lock between the two finds the lane free and
 *       returns; the producer then offers a task nobody will drain.</li>
 *   <li>{@link Bug#RELEASE_UNLOCK}: the unlock is a release store instead of a volatile one. A
 *       caller's next volatile load may then be performed before the queue's stores are visible
 *       (store-load reordering, allowed by x86-TSO): the submitter reads a sleeper as awake while
 *       the sleeper reads the inbox as empty.</li>
 * </ul>
 * The claim, the lanes' rotation and shut() are left out: the races here do not use them (the
 * draining threads are ordered by jcstress or are the only consumer).
 */
public final class BrokenLaneInbox {
    /** Which bug to plant. */
    public enum Bug {
        /** Read the flags, then lock the lane. */
        FLAGS_BEFORE_LOCK,
        /** Unlock with a release store. */
        RELEASE_UNLOCK
    }

    private static final VarHandle FLAGS;
    private static final VarHandle LOCK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FLAGS = lookup.findVarHandle(BrokenLaneInbox.class, "flags", int.class);
            LOCK = lookup.findVarHandle(BrokenLaneInbox.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Bug bug;
    private final SpscUnboundedVarHandleArrayQueue<Integer> queue =
            new SpscUnboundedVarHandleArrayQueue<>(16);
    private volatile int flags;
    private volatile int lock;

    /**
     * An open, empty one-lane inbox with {@code bug} planted.
     *
     * @param bug the bug
     */
    public BrokenLaneInbox(Bug bug) {
        this.bug = bug;
    }

    /**
     * Offers {@code task} unless closed.
     *
     * @param task the task
     * @return whether it was accepted
     */
    public boolean offer(Integer task) {
        int f = 0;
        if (bug == Bug.FLAGS_BEFORE_LOCK) {
            f = (int) FLAGS.getVolatile(this);
        }
        while (!LOCK.compareAndSet(this, 0, 1)) {
            Thread.onSpinWait();
        }
        if (bug != Bug.FLAGS_BEFORE_LOCK) {
            f = (int) FLAGS.getVolatile(this);
        }
        final boolean refused = f != 0;
        if (!refused) {
            queue.offer(task);
        }
        if (bug == Bug.RELEASE_UNLOCK) {
            LOCK.setRelease(this, 0);
        } else {
            LOCK.setVolatile(this, 0);
        }
        return !refused;
    }

    /** Refuses every task from now on; returns when the lane lock read free. */
    public void close() {
        FLAGS.getAndBitwiseOr(this, 1);
        while ((int) LOCK.getVolatile(this) != 0) {
            Thread.onSpinWait();
        }
    }

    /**
     * Takes everything queued, as a digit sequence (tasks are 1 to 9). One consumer at a time.
     *
     * @return the tasks in order, as decimal digits; 0 for none
     */
    public int drain() {
        int sequence = 0;
        Integer t;
        while ((t = queue.poll()) != null) {
            sequence = sequence * 10 + t;
        }
        return sequence;
    }

    /** {@return whether the queue looked empty} */
    public boolean isEmpty() {
        return queue.isEmpty();
    }
}
