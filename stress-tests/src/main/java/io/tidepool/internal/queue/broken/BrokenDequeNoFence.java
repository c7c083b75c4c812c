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

/**
 * A deliberately broken copy of {@link io.tidepool.internal.queue.WorkStealingDeque}: {@code pop}
 * lacks the full fence between its store of {@code bottom} and its load of {@code top}. Exists
 * only so that {@link BrokenDequeNoFenceStress} can show the jcstress races catch the bug;
 * never use it.
 *
 * <p>Without the fence the owner's store of {@code bottom} can sit in its store buffer while it
 * reads {@code top} (store-load reordering, allowed by x86-TSO). A thief that stole the older
 * element and then reads the stale {@code bottom} steals the element the owner is popping
 * without a CAS: both return it, and {@code top} ends past {@code bottom}.
 *
 * <p>Everything else is identical to the real deque at the time of copying (growth included),
 * minus the helpers the races do not use.
 *
 * @param <E> element type
 */
public final class BrokenDequeNoFence<E> {
    private static final int MAX_CAPACITY = 1 << 30;

    private static final VarHandle TOP;
    private static final VarHandle BOTTOM;
    private static final VarHandle ARRAY;
    private static final VarHandle SLOT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TOP = lookup.findVarHandle(BrokenDequeNoFence.class, "top", long.class);
            BOTTOM = lookup.findVarHandle(BrokenDequeNoFence.class, "bottom", long.class);
            ARRAY = lookup.findVarHandle(BrokenDequeNoFence.class, "array", Object[].class);
            SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Index of the oldest element; advanced only by CAS (thieves, and the owner on the last element). */
    private volatile long top;
    /** Index one past the newest element; written only by the owner. */
    private volatile long bottom;
    /** Circular buffer, length a power of two; replaced only by the owner when it grows. */
    private volatile Object[] array;

    /**
     * Creates an empty deque.
     *
     * @param initialCapacity a power of two, at least 2
     */
    public BrokenDequeNoFence(int initialCapacity) {
        if (initialCapacity < 2 || initialCapacity > MAX_CAPACITY
                || Integer.bitCount(initialCapacity) != 1) {
            throw new IllegalArgumentException(
                    "initialCapacity must be a power of two in 2.." + MAX_CAPACITY + ": " + initialCapacity);
        }
        this.array = new Object[initialCapacity];
    }

    /**
     * Pushes an element at the bottom. Owner only.
     *
     * @param e the element, not null
     */
    public void push(E e) {
        // plain: only the owner writes bottom
        final long b = lpBottom();
        final long t = laTop();
        Object[] a = lpArray();
        if (b - t >= a.length) {
            a = grow(a, t, b);
        }
        SLOT.set(a, (int) b & (a.length - 1), e);
        // release: publishes the slot store above; pairs with the acquire of bottom in steal()
        soBottom(b + 1);
    }

    /**
     * Pops the newest element from the bottom. Owner only.
     *
     * @return the element, or {@code null} if the deque is empty
     */
    public E pop() {
        final long b = lpBottom() - 1;
        final Object[] a = lpArray();
        spBottom(b);
        // PLANTED BUG: the full fence of WorkStealingDeque.pop() is missing here, so the load of
        // top below may be satisfied before the store of bottom above is visible to thieves
        final long t = loTop();
        if (t > b) {
            // empty: restore bottom
            spBottom(b + 1);
            return null;
        }
        final int index = (int) b & (a.length - 1);
        @SuppressWarnings("unchecked")
        E e = (E) SLOT.get(a, index);
        if (t == b) {
            // last element: race thieves for it through top
            if (!casTop(t, t + 1)) {
                e = null;
            }
            spBottom(b + 1);
            return e;
        }
        SLOT.set(a, index, null);
        return e;
    }

    /**
     * Steals the oldest element from the top. Any thread, the owner included.
     *
     * <p>Retries while it loses races to other thieves, so it returns {@code null} only when it
     * observed the deque empty.
     *
     * @return the element, or {@code null} if the deque was empty
     */
    public E steal() {
        while (true) {
            // acquire: pairs with the CAS of top by another thief or the owner
            final long t = laTop();
            // orders the load of top before the load of bottom; its partner fence in pop() is
            // the one this copy lacks
            VarHandle.fullFence();
            // acquire: pairs with the release store of bottom in push(), making the slot visible
            final long b = laBottom();
            if (t >= b) {
                return null;
            }
            // acquire: pairs with the release store of a grown array in grow()
            final Object[] a = laArray();
            @SuppressWarnings("unchecked")
            final E e = (E) SLOT.get(a, (int) t & (a.length - 1));
            if (casTop(t, t + 1)) {
                return e;
            }
            Thread.onSpinWait();
        }
    }

    private Object[] grow(Object[] old, long t, long b) {
        final int oldLength = old.length;
        if (oldLength >= MAX_CAPACITY) {
            throw new IllegalStateException("work-stealing deque is full: capacity=" + oldLength);
        }
        final Object[] grown = new Object[oldLength << 1];
        final int oldMask = oldLength - 1;
        final int newMask = grown.length - 1;
        for (long i = t; i < b; i++) {
            grown[(int) i & newMask] = SLOT.get(old, (int) i & oldMask);
        }
        // release: pairs with the acquire load of array in steal(); the copies above are visible
        // to a thief that reads the new array
        soArray(grown);
        return grown;
    }

    private long lpBottom() {
        return (long) BOTTOM.get(this);
    }

    private void spBottom(long value) {
        // plain: the owner's next fullFence (pop) or release store (push) orders it for thieves
        BOTTOM.set(this, value);
    }

    private void soBottom(long value) {
        BOTTOM.setRelease(this, value);
    }

    private long laBottom() {
        return (long) BOTTOM.getAcquire(this);
    }

    private long loTop() {
        // opaque: the preceding full fence gives the ordering; opaque keeps the load itself fresh
        return (long) TOP.getOpaque(this);
    }

    private long laTop() {
        return (long) TOP.getAcquire(this);
    }

    private boolean casTop(long expected, long value) {
        return TOP.compareAndSet(this, expected, value);
    }

    private Object[] lpArray() {
        // plain: only the owner writes array
        return (Object[]) ARRAY.get(this);
    }

    private Object[] laArray() {
        return (Object[]) ARRAY.getAcquire(this);
    }

    private void soArray(Object[] value) {
        ARRAY.setRelease(this, value);
    }
}
