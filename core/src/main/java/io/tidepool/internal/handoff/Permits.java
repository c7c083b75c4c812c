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

import io.tidepool.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code maxBlocking} permits that bound a pool's blocking sections, and the async tasks
 * waiting for one.
 *
 * <p><b>Waiters.</b> The poll-based form registers the task's waker when no permit is free:
 * under the lock it adds the waker and stores the waiter count (volatile), then re-reads the
 * permits; a release adds the permit (volatile RMW), then reads the count. The two form a
 * Dekker pair, so either the waiter sees the permit and retries, or the release sees the waiter
 * and wakes it. A release wakes as many waiters as there are free permits (normally one).
 */
final class Permits {
    private static final VarHandle PERMITS;
    private static final VarHandle WAITER_COUNT;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            PERMITS = lookup.findVarHandle(Permits.class, "permits", int.class);
            WAITER_COUNT = lookup.findVarHandle(Permits.class, "waiterCount", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int maxBlocking;
    /** Guards {@link #waiters}; never held while running user code. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Wakers of async tasks waiting for a permit, in arrival order. Guarded by {@link #lock}. */
    private final LinkedHashSet<Waker> waiters = new LinkedHashSet<>();
    /** Free permits, 0..maxBlocking. */
    private volatile int permits;
    /** {@code waiters.size()}, readable without the lock (written under it). */
    private volatile int waiterCount;

    Permits(int maxBlocking) {
        this.maxBlocking = maxBlocking;
        this.permits = maxBlocking;
    }

    /** {@return the most sections at once; 0 disables hand-offs} */
    int max() {
        return maxBlocking;
    }

    /** Takes a permit if one is free (CAS down from a positive count). */
    boolean tryAcquire() {
        int p = lvPermits();
        while (p > 0) {
            if (casPermits(p, p - 1)) {
                return true;
            }
            p = lvPermits();
        }
        return false;
    }

    /**
     * Returns a permit, then wakes as many waiting async tasks as there are free permits
     * (normally one). Waking more than one only happens when earlier wakes were not used (a
     * woken task was cancelled, say); a woken task that finds the permit gone waits again.
     */
    void release() {
        xaddPermits(1);
        if (lvWaiterCount() == 0) {
            return;
        }
        final List<Waker> wake = new ArrayList<>(1);
        lock.lock();
        try {
            int n = Math.min(lvPermits(), waiters.size());
            final Iterator<Waker> it = waiters.iterator();
            while (n-- > 0) {
                wake.add(it.next());
                it.remove();
            }
            svWaiterCount(waiters.size());
        } finally {
            lock.unlock();
        }
        for (Waker w : wake) {
            w.wake();
        }
    }

    /** Blocking sections in progress (permits taken). */
    int active() {
        return maxBlocking - lvPermits();
    }

    private int lvPermits() {
        return (int) PERMITS.getVolatile(this);
    }

    private boolean casPermits(int expected, int value) {
        return PERMITS.compareAndSet(this, expected, value);
    }

    private void xaddPermits(int delta) {
        PERMITS.getAndAdd(this, delta);
    }

    private int lvWaiterCount() {
        return (int) WAITER_COUNT.getVolatile(this);
    }

    /** Written under the lock only. */
    private void svWaiterCount(int value) {
        WAITER_COUNT.setVolatile(this, value);
    }

    /**
     * Registers {@code waiter} to be woken by a release, if no permit is free once it is
     * registered (the Dekker pair of the class documentation).
     *
     * @return true if registered (no permit); false if a permit came free meanwhile (the
     *     caller tries again)
     */
    boolean await(Waker waiter) {
        lock.lock();
        try {
            waiters.add(waiter);
            svWaiterCount(waiters.size());
            // Dekker with release(): we store the count, then read the permits; it adds a
            // permit, then reads the count. One of us sees the other.
            if (lvPermits() == 0) {
                return true;
            }
            waiters.remove(waiter);
            svWaiterCount(waiters.size());
            return false;
        } finally {
            lock.unlock();
        }
    }
}
