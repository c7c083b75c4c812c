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
 * A growable Chase-Lev work-stealing deque of non-null elements, with batch steals.
 *
 * <p>One thread at a time, the <em>owner</em>, may {@link #push} and {@link #pop} at the bottom;
 * any thread may {@link #steal} from the top, or {@link #stealInto} a batch. Ownership may move
 * between threads (the blocking hand-off does this) as long as the move itself is a
 * happens-before edge.
 *
 * <p>The algorithm is Chase and Lev, "Dynamic Circular Work-Stealing Deque" (SPAA 2005), with
 * the memory orderings of Lê, Pop, Cohen and Zappa Nardelli, "Correct and Efficient Work-Stealing
 * for Weak Memory Models" (PPoPP 2013), Figure 1, translated to VarHandle modes:
 * <ul>
 *   <li>{@code push}: plain slot store, then a release store of {@code bottom} (pairs with the
 *       acquire load of {@code bottom} in a steal, so a thief never sees a half-published
 *       element).</li>
 *   <li>{@code pop}: plain store of {@code bottom - 1}, a full fence, then an opaque read of
 *       {@code top}; the fence orders the bottom store before the top load, the store-load order
 *       that x86 does not give for free. The last element is resolved by a CAS on {@code top}.</li>
 *   <li>steal: acquire load of {@code top}, a full fence, acquire load of {@code bottom}, reads
 *       of the elements, then a CAS on {@code top} to claim them.</li>
 * </ul>
 * Indices are {@code int}s that wrap modulo 2<sup>32</sup>; they are only subtracted, and a
 * deque never holds more than {@code MAX_CAPACITY} elements, so the differences are exact.
 * Slots are addressed modulo the power-of-two array length. A grown array keeps the elements at
 * the same logical indices; a thief still reading the old array reads the same element it would
 * read in the new one, and its CAS on {@code top} decides whether it owns it.
 *
 * <p><b>Batch steals</b> (not in the paper). A thief claims up to {@link #STEAL_LIMIT}
 * elements, and at most half of what it saw (rounded up), with one CAS of {@code top} from
 * {@code t} to {@code t + n}. {@code top} is a word of an index and a stamp ({@link TopWord}).
 * The paper's pop takes element {@code b} without a CAS when it reads {@code top} below
 * {@code b}, because a thief claims only index {@code t}; a batch thief claims {@code [t, t+n)}
 * and could reach {@code b}. So the owner's pop, after its store of {@code bottom = b} and the
 * fence, reads {@code top = (s, t)} and:
 * <ul>
 *   <li>{@code b - t >= limit}: takes {@code b} with no CAS. A thief whose CAS can still succeed
 *       read this same word, so it claims at most {@code [t, t + limit)}, below {@code b}.</li>
 *   <li>{@code 0 < b - t < limit}: CAS {@code (s, t)} to {@code (s + 1, t)}, then takes
 *       {@code b}. The CAS fails every thief that read the old word; a thief that reads the new
 *       one reads {@code bottom} after it (acquire load of {@code top}, then the fence), sees
 *       {@code b}, and claims at most {@code ceil((b - t) / 2) <= b - t} elements, below
 *       {@code b}. If the CAS fails (a thief moved {@code top}), the pop looks again.</li>
 *   <li>{@code b == t}: the last element, raced for with a CAS of the index, as in the paper.</li>
 * </ul>
 * Why a thief's elements are the right ones: its CAS succeeds only if {@code top} kept the
 * word it read (both halves only move forward, wrap aside), so between its read and its CAS no
 * other claim through {@code top} happened, and no owner pop took an index below
 * {@code t + limit} (such a pop either moves {@code top} or reads it as {@code t} and then
 * takes an index of at least {@code t + limit}). A pop that ended before the thief's read of
 * {@code top} stored its {@code bottom} before the fence that precedes that read, so the
 * thief's {@code bottom} is at most that pop's index plus whatever the owner pushed since, and
 * those pushes are what the thief reads. With a limit of 1 the deque is the paper's.
 *
 * <p><b>Pop of the only element</b> (not in the paper): when the owner reads one element between
 * {@code top} and {@code bottom}, the oldest and the newest are the same, so it claims it from the
 * top as a thief would: one CAS on {@code top}, with no store of {@code bottom} and no fence (the
 * paper's pop pays both, and the owner of a chain of spawns pops the only element every time).
 * The CAS that decides between thieves decides here too; a stale {@code top} is never larger
 * than the real one, so it can only send the owner to the fenced path or make it lose the CAS
 * (only the owner moves the stamp, so a lost CAS means a thief took the element). An empty
 * deque, seen by that read, needs no fence either.
 *
 * <p>Slots are not cleared on steal (the thief does not own the array), so a stolen element stays
 * reachable until the owner overwrites its slot; the owner clears slots it pops.
 *
 * <p><b>Faults</b> (an {@link OutOfMemoryError} where an array is allocated; a
 * {@link StackOverflowError} entering any call, which a thread near its stack limit meets, and
 * which HotSpot's interpreter and C1 code meet at a VarHandle access too). The two moves of a
 * batch between queues, {@link #stealInto} from another deque and {@link #takeInbox} from an
 * inbox, never leave a task only in the moving thread's hands across a call:
 * <ul>
 *   <li>Allocation before the take: {@code stealInto} grows the own array before its CAS (an
 *       {@code OutOfMemoryError} there has claimed nothing; what it wrote past {@code bottom}
 *       is unseen, and the next push writes over it). {@code takeInbox} grows it before its
 *       first take, and takes no more than then fits.</li>
 *   <li>The take is a call that takes or does not: the CAS on the victim's {@code top} (a fault
 *       entering {@code casTop} comes before the CAS, and its call chain makes no call after
 *       it), or the inbox's {@code relaxedPoll} (whose index store is its last call).</li>
 *   <li>From the take to the publication, tasks go into free slots of the own array with array
 *       stores, which are not calls. The publication is the release store of {@code bottom}, a
 *       call. If it or a later take faults, a catch publishes every task taken, the one meant
 *       for {@code out[0]} included (behind the others: a fault may change their order, never
 *       the set), with a volatile store of the field itself: a field store, not a call, so it
 *       cannot overflow at the depth where the fault was thrown. The fault then goes on to the
 *       worker loop, which reports it and runs again.</li>
 * </ul>
 * Before this, {@code stealInto} published after its CAS with a call and the worker's inbox take
 * pushed its batch one call at a time, growing the array mid-batch: a fault there lost the
 * tasks taken and not yet pushed ({@code DequeFaultTest} replays the old inbox take and sees it
 * lose the batch). A task handed back in {@code out[0]} is in the caller's hands from then on,
 * as is any task a worker has taken to run.
 *
 * @param <E> element type
 */
public final class WorkStealingDeque<E> {
    /** Default initial capacity; small enough to be cheap per worker, grown on demand. */
    public static final int DEFAULT_CAPACITY = 1 << 8;
    /**
     * The most elements one {@link #stealInto} takes (default). Up to this many elements from
     * the top the owner's pop pays a CAS (see the class doc), so it is also the size below which
     * the deque is "small" for the owner.
     */
    public static final int STEAL_LIMIT = 64;
    private static final int MAX_CAPACITY = 1 << 30;

    private static final VarHandle TOP;
    private static final VarHandle BOTTOM;
    private static final VarHandle ARRAY;
    private static final VarHandle SLOT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TOP = lookup.findVarHandle(WorkStealingDeque.class, "top", long.class);
            BOTTOM = lookup.findVarHandle(WorkStealingDeque.class, "bottom", int.class);
            ARRAY = lookup.findVarHandle(WorkStealingDeque.class, "array", Object[].class);
            SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Stamp and index of the oldest element ({@link TopWord}); changed only by CAS (thieves; the
     * owner on the last element, in {@code pollOldest}, and to bump the stamp in {@code pop}).
     */
    private volatile long top;
    /** Index one past the newest element; written only by the owner. */
    private volatile int bottom;
    /** Circular buffer, length a power of two; replaced only by the owner when it grows. */
    private volatile Object[] array;
    /** The most elements a batch steal claims; the owner's pop relies on it (see class doc). */
    private final int stealLimit;

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
        this(initialCapacity, STEAL_LIMIT, 0, 0);
    }

    /**
     * Creates an empty deque whose indices and stamp start where a test wants them (near a wrap)
     * and whose batch steals take at most {@code stealLimit} elements (small, so that a race of
     * a few elements reaches both of the owner's pop paths).
     *
     * @param initialCapacity a power of two, at least 2
     * @param stealLimit at least 1
     * @param startIndex the index of the first element
     * @param startStamp the stamp of {@code top}
     */
    WorkStealingDeque(int initialCapacity, int stealLimit, int startIndex, int startStamp) {
        if (initialCapacity < 2 || initialCapacity > MAX_CAPACITY
                || Integer.bitCount(initialCapacity) != 1) {
            throw new IllegalArgumentException(
                    "initialCapacity must be a power of two in 2.." + MAX_CAPACITY + ": " + initialCapacity);
        }
        if (stealLimit < 1) {
            throw new IllegalArgumentException("stealLimit must be >= 1: " + stealLimit);
        }
        this.stealLimit = stealLimit;
        this.array = new Object[initialCapacity];
        this.bottom = startIndex;
        this.top = TopWord.pack(startStamp, startIndex);
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
        final int b = lpBottom();
        final int t = TopWord.index(laTop());
        Object[] a = lpArray();
        if (b - t >= a.length) {
            a = grow(a, t, b);
        }
        SLOT.set(a, b & (a.length - 1), e);
        // release: publishes the slot store above; pairs with the acquire of bottom in a steal
        soBottom(b + 1);
        return b - t <= 0;
    }

    /**
     * Pops the newest element from the bottom. Owner only.
     *
     * @return the element, or {@code null} if the deque is empty
     */
    public E pop() {
        // plain: only the owner writes bottom
        final int b = lpBottom();
        // acquire: pairs with the CAS of top by a thief; a stale value is never too large
        final long top = laTop();
        final int t = TopWord.index(top);
        final int n = b - t;
        if (n <= 0) {
            // empty even by this possibly old top: empty now too
            return null;
        }
        final Object[] a = lpArray();
        if (n == 1) {
            // the only element: claimed from the top as a thief would, without bottom store or
            // fence; a failed CAS means a thief took it (only the owner adds elements)
            @SuppressWarnings("unchecked")
            final E e = (E) SLOT.get(a, t & (a.length - 1));
            return casTop(top, TopWord.withIndex(top, t + 1)) ? e : null;
        }
        return popFenced(b - 1, a);
    }

    /** The paper's pop with the batch rule, for a deque that looked to hold two or more. */
    private E popFenced(int b, Object[] a) {
        spBottom(b);
        // the store of bottom must be visible before we read top (store-load order): a thief
        // that read the old bottom and this pop must not both take the same element
        VarHandle.fullFence();
        long top = loTop();
        final int index = b & (a.length - 1);
        while (true) {
            final int t = TopWord.index(top);
            final int d = b - t;
            if (d < 0) {
                // thieves emptied it meanwhile: restore bottom
                spBottom(b + 1);
                return null;
            }
            @SuppressWarnings("unchecked")
            final E e = (E) SLOT.get(a, index);
            if (d == 0) {
                // last element: race thieves for it through top
                final boolean won = casTop(top, TopWord.withIndex(top, t + 1));
                spBottom(b + 1);
                return won ? e : null;
            }
            // d >= limit: no thief that can still succeed reaches b; below that, a new stamp
            // fails every thief that read the old top (class doc)
            if (d >= stealLimit || casTop(top, TopWord.nextStamp(top))) {
                SLOT.set(a, index, null);
                return e;
            }
            // a thief moved top: look again
            top = loTop();
        }
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
            final long top = laTop();
            final int t = TopWord.index(top);
            // plain: only the owner (this thread) writes bottom
            final int b = lpBottom();
            if (b - t <= 0) {
                return null;
            }
            final Object[] a = lpArray();
            @SuppressWarnings("unchecked")
            final E e = (E) SLOT.get(a, t & (a.length - 1));
            if (casTop(top, TopWord.withIndex(top, t + 1))) {
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
            final long top = laTop();
            // orders the load of top before the load of bottom, pairing with the fence in pop()
            VarHandle.fullFence();
            // acquire: pairs with the release store of bottom in push(), making the slot visible
            final int b = laBottom();
            final int t = TopWord.index(top);
            if (b - t <= 0) {
                return null;
            }
            // acquire: pairs with the release store of a grown array in grow()
            final Object[] a = laArray();
            @SuppressWarnings("unchecked")
            final E e = (E) SLOT.get(a, t & (a.length - 1));
            if (casTop(top, TopWord.withIndex(top, t + 1))) {
                return e;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Steals a batch with one CAS: the oldest element into {@code out[0]}, and up to
     * {@link #STEAL_LIMIT} - 1 more (at most half of what it saw, rounded up, in all) pushed
     * onto {@code into}, oldest first, with one release store of its bottom. The calling thread
     * must own {@code into}; any thread may steal from this deque.
     *
     * <p>Retries while it loses races, so it returns 0 only when it observed the deque empty. A
     * steal that throws loses nothing: before its CAS it claimed nothing, after it every stolen
     * element is published in {@code into} (class doc, "Faults").
     *
     * @param into the caller's own deque, not this one
     * @param out receives the oldest stolen element at index 0
     * @return how many elements were stolen (0 if the deque was empty), {@code out[0]} included
     */
    public int stealInto(WorkStealingDeque<E> into, E[] out) {
        if (into == this) {
            throw new IllegalArgumentException("a deque cannot steal into itself");
        }
        while (true) {
            // acquire: pairs with the CAS of top by another thief or the owner
            final long top = laTop();
            // orders the load of top before the load of bottom, pairing with the fence in pop()
            VarHandle.fullFence();
            // acquire: pairs with the release store of bottom in push(), making the slots visible
            final int b = laBottom();
            final int t = TopWord.index(top);
            final int size = b - t;
            if (size <= 0) {
                return 0;
            }
            final int n = Math.min(stealLimit, size - (size >>> 1));
            // acquire: pairs with the release store of a grown array in grow()
            final Object[] a = laArray();
            final int mask = a.length - 1;
            @SuppressWarnings("unchecked")
            final E first = (E) SLOT.get(a, t & mask);
            // the rest go to free slots of the own deque, published only after the CAS won;
            // room for the first too, where a fault after the CAS puts it (class doc, "Faults")
            final int intoBottom = into.lpBottom();
            final Object[] dst = into.reserve(n);
            final int dstMask = dst.length - 1;
            for (int i = 1; i < n; i++) {
                SLOT.set(dst, (intoBottom + i - 1) & dstMask, SLOT.get(a, (t + i) & mask));
            }
            if (casTop(top, TopWord.withIndex(top, t + n))) {
                // the batch is ours and in no other queue: every path from here publishes it
                try {
                    if (n > 1) {
                        // release: publishes the slot stores above to thieves of `into`
                        into.soBottom(intoBottom + n - 1);
                    }
                } catch (Throwable fault) {
                    // the first behind the rest, then one volatile store of bottom: field
                    // stores, no call, so they cannot fault again at the same stack depth
                    dst[(intoBottom + n - 1) & dstMask] = first;
                    into.bottom = intoBottom + n;
                    throw fault;
                }
                out[0] = first;
                return n;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Takes up to {@code limit} tasks from {@code inbox}: the oldest into {@code out[0]}, the
     * rest pushed onto {@code into}, oldest first, with one release store of its bottom. The
     * calling thread must own {@code into} and hold {@code inbox}'s claim.
     *
     * <p>Grows {@code into}'s array, if {@code limit} tasks would not fit, before it takes any
     * task; if that allocation fails it takes what fits, and the rest stays in the inbox for
     * the next take or a thief. A take that throws (a
     * {@link StackOverflowError} entering a call, at its caller's stack limit) loses nothing
     * (class doc, "Faults"): every task taken so far is published in {@code into}, the oldest
     * included, and {@code out[0]} is left alone.
     *
     * @param inbox the inbox to take from; the caller holds its claim
     * @param limit the most tasks to take, at least 1
     * @param into the caller's own deque
     * @param out receives the oldest task taken at index 0
     * @return how many tasks were taken (0 if the inbox looked empty), {@code out[0]} included
     */
    public static int takeInbox(Inbox inbox, int limit, WorkStealingDeque<Runnable> into, Runnable[] out) {
        // plain: only the owner (this thread) writes bottom and array
        final int b = into.lpBottom();
        final int t = TopWord.index(into.laTop());
        if (into.lpArray().length - (b - t) < limit) {
            try {
                // the allocation before anything is taken
                into.reserve(limit);
            } catch (OutOfMemoryError e) {
                // nothing taken yet: this take moves what fits, the rest waits in the inbox (an
                // application short of heap meets the error again where it allocates)
            }
        }
        // the array as grown (even part way, by a reserve that failed at its second doubling)
        final Object[] a = into.lpArray();
        final int mask = a.length - 1;
        // free slots behind bottom: a stale top is never too large, so this is never too many
        final int room = a.length - (b - t);
        // the inbox's take publishes the task's removal with its last call, so a fault inside it
        // takes nothing
        final Runnable first = inbox.relaxedPoll();
        if (first == null) {
            return 0;
        }
        // from here to the return every task taken is in a local, a slot or out[0]; a fault
        // publishes them all. At most room - 1 more, so the first fits behind them too
        final int rest = Math.min(limit - 1, room - 1);
        int k = 0;
        try {
            while (k < rest) {
                final Runnable task = inbox.relaxedPoll();
                if (task == null) {
                    break;
                }
                // an array store, not a call: nothing can fault between the take and this
                a[(b + k) & mask] = task;
                k++;
            }
            if (k > 0) {
                // release: publishes the slots; pairs with the acquire of bottom in a steal
                into.soBottom(b + k);
            }
        } catch (Throwable fault) {
            // the first behind the rest, then one volatile store of bottom: field stores, no
            // call, so they cannot fault again at the same stack depth
            a[(b + k) & mask] = first;
            into.bottom = b + k + 1;
            throw fault;
        }
        out[0] = first;
        return k + 1;
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
        final int t = TopWord.index(laTop());
        final int b = laBottom();
        return b - t <= 0;
    }

    /**
     * {@return an estimate of the number of elements} Exact when no other thread is acting. Any
     * thread.
     */
    public int size() {
        final int t = TopWord.index(laTop());
        final int b = laBottom();
        return Math.max(0, b - t);
    }

    /** The current array length; for tests of growth. */
    int capacity() {
        return laArray().length;
    }

    /** The current top word; for tests of the stamp. */
    long topWord() {
        return laTop();
    }

    /**
     * The array, grown if needed so that {@code extra} more elements fit behind the bottom.
     * Owner only.
     */
    private Object[] reserve(int extra) {
        // plain: only the owner writes bottom and array
        final int b = lpBottom();
        final int t = TopWord.index(laTop());
        Object[] a = lpArray();
        while (b - t + extra > a.length) {
            a = grow(a, t, b);
        }
        return a;
    }

    private Object[] grow(Object[] old, int t, int b) {
        final int oldLength = old.length;
        if (oldLength >= MAX_CAPACITY) {
            throw new IllegalStateException("work-stealing deque is full: capacity=" + oldLength);
        }
        final Object[] grown = new Object[oldLength << 1];
        final int oldMask = oldLength - 1;
        final int newMask = grown.length - 1;
        for (int i = t; i != b; i++) {
            grown[i & newMask] = SLOT.get(old, i & oldMask);
        }
        // release: pairs with the acquire load of array in a steal; the copies above are
        // visible to a thief that reads the new array
        soArray(grown);
        return grown;
    }

    private int lpBottom() {
        return (int) BOTTOM.get(this);
    }

    private void spBottom(int value) {
        // plain: the owner's next fullFence (pop) or release store (push) orders it for thieves
        BOTTOM.set(this, value);
    }

    private void soBottom(int value) {
        BOTTOM.setRelease(this, value);
    }

    private int laBottom() {
        return (int) BOTTOM.getAcquire(this);
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
