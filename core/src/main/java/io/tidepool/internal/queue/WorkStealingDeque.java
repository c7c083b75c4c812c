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
import java.util.function.Consumer;

/**
 * A growable Chase-Lev work-stealing deque of non-null elements.
 *
 * <p>One thread at a time, the <em>owner</em>, may {@link #push} and {@link #pop} at the bottom;
 * any thread may {@link #steal} from the top. Ownership may move between threads (the blocking
 * hand-off does this) as long as the move itself is a happens-before edge.
 *
 * <p>The algorithm is Chase and Lev, "Dynamic Circular Work-Stealing Deque" (SPAA 2005), with
 * the memory orderings of Lê, Pop, Cohen and Zappa Nardelli, "Correct and Efficient Work-Stealing
 * for Weak Memory Models" (PPoPP 2013), Figure 1, translated to VarHandle modes:
 * <ul>
 *   <li>{@code push}: plain slot store, then a release store of {@code bottom} (pairs with the
 *       acquire load of {@code bottom} in {@code steal}, so a thief never sees a half-published
 *       element).</li>
 *   <li>{@code pop}: plain store of {@code bottom - 1}, a full fence, then an opaque read of
 *       {@code top}; the fence orders the bottom store before the top load, the store-load order
 *       that x86 does not give for free. The last element is resolved by a CAS on {@code top}.</li>
 *   <li>{@code steal}: acquire load of {@code top}, a full fence, acquire load of {@code bottom},
 *       then a CAS on {@code top} to claim the element.</li>
 * </ul>
 * Indices are {@code long}s that only grow (top) or move by one (bottom), so they never wrap in
 * practice; slots are addressed modulo the power-of-two array length. A grown array keeps the
 * elements at the same logical indices; a thief still reading the old array reads the same
 * element it would read in the new one, and its CAS on {@code top} decides whether it owns it.
 *
 * <p><b>Pop of the only element</b> (not in the paper): when the owner reads one element between
 * {@code top} and {@code bottom}, the oldest and the newest are the same, so it claims it from the
 * top as a thief would: one CAS on {@code top}, with no store of {@code bottom} and no fence (the
 * paper's pop pays both, and the owner of a chain of spawns pops the only element every time).
 * The CAS that decides between thieves decides here too; a stale {@code top} is never larger
 * than the real one, so it can only send the owner to the fenced path or make it lose the CAS.
 * An empty deque, seen by that read, needs no fence either.
 *
 * <p>Slots are not cleared on steal (the thief does not own the array), so a stolen element stays
 * reachable until the owner overwrites its slot; the owner clears slots it pops.
 *
 * @param <E> element type
 */
public final class WorkStealingDeque<E> {
    /** Default initial capacity; small enough to be cheap per worker, grown on demand. */
    public static final int DEFAULT_CAPACITY = 1 << 8;
    private static final int MAX_CAPACITY = 1 << 30;

    private static final VarHandle TOP;
    private static final VarHandle BOTTOM;
    private static final VarHandle ARRAY;
    private static final VarHandle SLOT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TOP = lookup.findVarHandle(WorkStealingDeque.class, "top", long.class);
            BOTTOM = lookup.findVarHandle(WorkStealingDeque.class, "bottom", long.class);
            ARRAY = lookup.findVarHandle(WorkStealingDeque.class, "array", Object[].class);
            SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Index of the oldest element; advanced only by CAS (thieves, and the owner on the last
     * element).
     */
    private volatile long top;
    /** Index one past the newest element; written only by the owner. */
    private volatile long bottom;
    /** Circular buffer, length a power of two; replaced only by the owner when it grows. */
    private volatile Object[] array;

    /** Creates an empty deque with the default capacity. */
    public WorkStealingDeque() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates an empty deque; tests use tiny capacities to reach growth and wrap-around.
     *
     * @param initialCapacity a power of two, at least 2
     */
    WorkStealingDeque(int initialCapacity) {
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
     * @return whether the deque looked empty just before the push (top read with acquire; a
     *     thief may have emptied it since, so {@code false} can be stale, {@code true} cannot)
     */
    public boolean push(E e) {
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
        return b <= t;
    }

    /**
     * Pops the newest element from the bottom. Owner only.
     *
     * @return the element, or {@code null} if the deque is empty
     */
    public E pop() {
        // plain: only the owner writes bottom
        final long b = lpBottom();
        // acquire: pairs with the CAS of top by a thief; a stale value is never too large
        final long t = laTop();
        final long n = b - t;
        if (n <= 0) {
            // empty even by this possibly old top: empty now too
            return null;
        }
        final Object[] a = lpArray();
        if (n == 1) {
            // the only element: claimed from the top as a thief would, without bottom store or
            // fence; a failed CAS means a thief took it (only the owner adds elements)
            @SuppressWarnings("unchecked")
            final E e = (E) SLOT.get(a, (int) t & (a.length - 1));
            return casTop(t, t + 1) ? e : null;
        }
        return popFenced(b - 1, a);
    }

    /** The paper's pop, for a deque that looked to hold two elements or more. */
    private E popFenced(long b, Object[] a) {
        spBottom(b);
        // the store of bottom must be visible before we read top (store-load order): a thief
        // that read the old bottom and this pop must not both take the last element
        VarHandle.fullFence();
        final long t = loTop();
        if (t > b) {
            // thieves emptied it meanwhile: restore bottom
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
     * Takes the oldest element from the top, as the owner. Owner only.
     *
     * <p>Cheaper than {@link #steal}: the owner is the only writer of {@code bottom}, so it reads
     * it plainly and needs no fence between the two index loads (the fence in {@code steal}
     * orders a thief's loads against a concurrent {@code pop}, which cannot run while the owner
     * is here). Thieves are resolved by the CAS on {@code top}, as between thieves.
     *
     * @return the element, or {@code null} if the deque is empty
     */
    public E pollOldest() {
        while (true) {
            // acquire: pairs with the CAS of top by a thief
            final long t = laTop();
            // plain: only the owner (this thread) writes bottom
            final long b = lpBottom();
            if (t >= b) {
                return null;
            }
            final Object[] a = lpArray();
            @SuppressWarnings("unchecked")
            final E e = (E) SLOT.get(a, (int) t & (a.length - 1));
            if (casTop(t, t + 1)) {
                return e;
            }
            Thread.onSpinWait();
        }
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
            // orders the load of top before the load of bottom, pairing with the fence in pop()
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

    /**
     * Moves every element a thief can still claim into {@code sink}, oldest first. Any thread.
     *
     * @param sink receives each stolen element exactly once
     * @return how many elements were moved
     */
    public int stealAll(Consumer<? super E> sink) {
        int n = 0;
        E e;
        while ((e = steal()) != null) {
            sink.accept(e);
            n++;
        }
        return n;
    }

    /** {@return whether the deque looked empty at some instant during the call} Any thread. */
    public boolean isEmpty() {
        final long t = laTop();
        final long b = laBottom();
        return b <= t;
    }

    /**
     * {@return an estimate of the number of elements} Exact when no other thread is acting. Any
     * thread.
     */
    public int size() {
        final long t = laTop();
        final long b = laBottom();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, b - t));
    }

    /** The current array length; for tests of growth. */
    int capacity() {
        return laArray().length;
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
