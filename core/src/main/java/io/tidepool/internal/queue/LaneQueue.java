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

/**
 * One {@link Inbox} lane's unbounded FIFO: one producer at a time (the holder of the lane lock)
 * and one consumer at a time (the holder of the inbox claim); an offer publishes its element
 * with its last action, so a fault inside an offer loses nothing.
 *
 * <h2>Layout</h2>
 * Elements live in chunks of {@code chunkSize} slots plus one link slot to the next chunk.
 * Element {@code i} sits in slot {@code i % chunkSize} of chunk {@code i / chunkSize}; chunks are
 * never reused (the consumer nulls each slot it takes, and a chunk it has left is garbage), so a
 * slot is null until its one element is published, and the element itself is the signal.
 * <pre>
 *   slot / link    the element, the next chunk   release store by the producer: the publication
 *   producerIndex  elements offered so far       plain store by the producer, after the slot's
 *   consumerIndex  elements taken so far         release store by the consumer
 *   chunk:  [ e0 | e1 | ... | e(chunkSize-1) | next ]
 * </pre>
 *
 * <h2>Faults inside an offer</h2>
 * An offer's only call is the release store of its slot (or, at a chunk's end, of the link to
 * the new chunk, whose first slot holds the element): one call that stores or does not. The
 * count that follows it, {@code producerIndex}, is a plain field store, which cannot throw. So
 * an offer that throws (a {@link StackOverflowError} entering that store, which an offer at its
 * caller's stack limit can meet; an {@link OutOfMemoryError} allocating a chunk) leaves the
 * queue as it was: nothing visible, nothing counted, and the next offer writes the same slot.
 * Once the element is visible it is counted, with no call between. A take is built the same
 * way: its acquire load of the slot and its release store of {@code consumerIndex} are its
 * calls, and the stores that follow them are plain; a take that throws leaves the element for
 * the next take.
 *
 * <p>The JCTools SPSC queue the lanes first used published the element and counted it in two
 * calls: an offer that overflowed between the two left an element the consumer could take
 * while the producer's index did not count it; the next offer was then written into the slot
 * the consumer had already passed, never taken, and the lane looked empty. The fault soak met
 * it as an async task left SCHEDULED in no queue (see {@code LaneQueueFaultTest}). The version
 * after it published by a release store of {@code producerIndex} after a plain slot store,
 * which is fault-safe too, but its consumer then read the producer's index line on every take
 * that caught up, besides the slot's line: about a third of {@code spawn_many_remote}'s
 * throughput on JDK 25, against the slot alone.
 *
 * <h2>Memory order</h2>
 * The consumer's acquire load of a slot (or of a link) pairs with the producer's release store
 * of it: a non-null slot is a published element, a non-null link a published chunk whose first
 * element is there too. The consumer never reads {@code producerIndex}. Other threads read both
 * indices ({@link #isEmpty}, {@link #size}, the room check) with volatile loads: the producer's
 * plain store of its index comes before the lane's unlock, a volatile store, so a thread that
 * looks at the lane after a volatile read-modify-write that the unlock precedes (the idle
 * protocol's, see {@code Inbox}) sees the count, as it saw the release store before. The index
 * is a {@code long}, stored whole by the 64-bit JVMs tidepool runs on. The consumer's release
 * store of {@code consumerIndex} pairs with the volatile loads of {@link #currentConsumerIndex}.
 * The plain fields pass from one producer to the next through the lane lock, and from one
 * consumer to the next through the claim.
 */
final class LaneQueue extends LaneQueueConsumerFields {
    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            PRODUCER_INDEX = MethodHandles.lookup()
                    .findVarHandle(LaneQueueProducerFields.class, "producerIndex", long.class);
            CONSUMER_INDEX = MethodHandles.lookup()
                    .findVarHandle(LaneQueueConsumerFields.class, "consumerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int chunkSize;
    private final int mask;

    /**
     * An empty queue.
     *
     * @param chunkSize slots per chunk, a power of two {@code >= 2}
     */
    LaneQueue(int chunkSize) {
        if (chunkSize < 2 || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("chunkSize must be a power of two >= 2: " + chunkSize);
        }
        this.chunkSize = chunkSize;
        this.mask = chunkSize - 1;
        final Object[] first = new Object[chunkSize + 1];
        producerChunk = first;
        consumerChunk = first;
    }

    /**
     * Appends {@code e}. Only the holder of the lane lock. An offer that throws left the queue
     * as it was (class doc).
     *
     * @param e the element, not null
     */
    void offer(Object e) {
        // plain: only lock holders write the index, and the lock hands it on
        final long p = producerIndex;
        final int offset = (int) p & mask;
        if (offset == 0 && p != 0) {
            offerInNewChunk(p, e);
            return;
        }
        offerInChunk(p, e);
    }

    /**
     * {@link #offer} when the caller knows the offer links no chunk: {@code p} is
     * {@link #lpProducerIndex()}, and either below {@code nextLink(0)} or strictly between an
     * index {@code q} already offered at and {@link #nextLink}{@code (q)}. Only the holder of
     * the lane lock (the inbox's fast path, whose one compare covers both its room and this).
     * A fault entering it leaves the queue as it was.
     *
     * @param p the producer index, as just read by the lock holder
     * @param e the element, not null
     */
    void offerInChunk(long p, Object e) {
        // release: publishes the element; pairs with the acquire in relaxedPoll. The offer's
        // only call: a fault entering it leaves the queue as it was
        soSlot(producerChunk, (int) p & mask, e);
        // plain, no call between: counts what the store above published
        producerIndex = p + 1;
    }

    /**
     * {@return the first index above {@code p} at which an offer links a new chunk} The offers
     * at the indexes from {@code p + 1} up to it, exclusive, stay in the chunk of index {@code
     * p}; so do those from 0 up to {@code nextLink(0)}, exclusive (an offer at 0 links nothing).
     *
     * @param p a producer index, {@code >= 0}
     */
    long nextLink(long p) {
        return (p | mask) + 1;
    }

    /** {@link #offer} when the current chunk is full: links a new one, then publishes. */
    private void offerInNewChunk(long p, Object e) {
        // an OutOfMemoryError here changes nothing
        final Object[] next = new Object[chunkSize + 1];
        // plain: unseen until the link store below
        next[0] = e;
        // release: publishes the link and the element (pairs with the acquire in relaxedPoll);
        // the only call: a fault entering it leaves the new chunk garbage and the queue as it was
        soSlot(producerChunk, chunkSize, next);
        // after the publication, and no call: nothing can fault between the three
        producerIndex = p + 1;
        producerChunk = next;
    }

    /**
     * Takes the oldest element, or returns {@code null} if the queue looked empty. Only the
     * holder of the inbox claim.
     *
     * @return the element, or null
     */
    Object relaxedPoll() {
        // plain: only the claim holder writes it, and the claim hands it on
        final long c = consumerIndex;
        final int offset = (int) c & mask;
        Object[] chunk = consumerChunk;
        final boolean link = offset == 0 && c != 0;
        if (link) {
            // acquire: pairs with the release store of the link in offerInNewChunk, which
            // covers the new chunk's first element
            final Object next = laSlot(chunk, chunkSize);
            if (next == null) {
                return null;
            }
            chunk = (Object[]) next;
        }
        // acquire: pairs with the producer's release store of the slot. Null: not offered yet
        // (a chunk is never reused, so a slot is null until its one element is published)
        final Object e = laSlot(chunk, offset);
        if (e == null) {
            return null;
        }
        // release: the room check reads it (currentConsumerIndex). The take's only call after
        // its loads: a fault entering it (a shutdownNow sweep at its caller's stack limit)
        // changes nothing, so the next take finds the same element
        soConsumerIndex(c + 1);
        // after the index, and no call: plain stores nothing can cut off. The producer never
        // writes this slot again; the chunk retains nothing taken
        if (link) {
            consumerChunk = chunk;
        }
        chunk[offset] = null;
        return e;
    }

    private static void soSlot(Object[] chunk, int index, Object value) {
        SLOT.setRelease(chunk, index, value);
    }

    private void soConsumerIndex(long value) {
        CONSUMER_INDEX.setRelease(this, value);
    }

    private static Object laSlot(Object[] chunk, int index) {
        return SLOT.getAcquire(chunk, index);
    }

    /** {@return whether the queue looked empty at some instant during the call} Any thread. */
    boolean isEmpty() {
        // consumer first: both only grow, so equal values were equal when the first was read
        final long c = currentConsumerIndex();
        return currentProducerIndex() <= c;
    }

    /** {@return an estimate of the number of elements} Exact when no other thread acts. */
    int size() {
        final long c = currentConsumerIndex();
        final long n = currentProducerIndex() - c;
        return n <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, n);
    }

    /** {@return the number of elements offered so far} A volatile load. */
    long currentProducerIndex() {
        return (long) PRODUCER_INDEX.getVolatile(this);
    }

    /**
     * {@return the number of elements offered so far} A plain load: only for the holder of the
     * lane lock, the index's one writer (the inbox's fast-path check,
     * {@code Inbox.offerNew}).
     */
    long lpProducerIndex() {
        // plain: the caller holds the lane lock, so it or an earlier holder wrote the index
        return producerIndex;
    }

    /** {@return the number of elements taken so far} A volatile load. */
    long currentConsumerIndex() {
        return (long) CONSUMER_INDEX.getVolatile(this);
    }
}

/** Padding before the producer's fields. */
@SuppressWarnings("unused")
abstract class LaneQueuePad0 {
    private byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    private byte p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;
    private byte p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47;
    private byte p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63;
}

/** The producer's fields (the lane lock holder's); see {@link LaneQueue}. */
abstract class LaneQueueProducerFields extends LaneQueuePad0 {
    /** Elements offered; plain reads by the producer, release stores, acquire loads elsewhere. */
    long producerIndex;
    /** The chunk the next offer writes into (the full one, until an offer links the next). */
    Object[] producerChunk;
}

/** Padding between the producer's and the consumer's fields. */
@SuppressWarnings("unused")
abstract class LaneQueuePad1 extends LaneQueueProducerFields {
    private byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    private byte p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;
    private byte p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47;
    private byte p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63;
}

/** The consumer's fields (the claim holder's), padded after; see {@link LaneQueue}. */
@SuppressWarnings("unused")
abstract class LaneQueueConsumerFields extends LaneQueuePad1 {
    /** Elements taken; plain reads by the consumer, release stores, volatile loads elsewhere. */
    long consumerIndex;
    /** The chunk the next take reads from. */
    Object[] consumerChunk;
    private byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    private byte p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;
    private byte p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47;
    private byte p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63;
}
