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
 * never reused (the consumer nulls each slot it takes, and a chunk it has left is garbage).
 * <pre>
 *   producerIndex  elements offered so far    written by the producer (release), read by all
 *   consumerIndex  elements taken so far      written by the consumer (release), read by all
 *   chunk:  [ e0 | e1 | ... | e(chunkSize-1) | next ]
 * </pre>
 *
 * <h2>Faults inside an offer</h2>
 * An offer's only call is its release store of {@code producerIndex}; every step before it is
 * a plain store to this producer's own slots and fields, and nothing after it can throw. A
 * consumer takes only elements below the {@code producerIndex} it read, so an offer that
 * throws (a {@link StackOverflowError} entering that store, which an offer at its caller's
 * stack limit can meet; an {@link OutOfMemoryError} allocating a chunk) leaves the queue as it
 * was: its element is invisible, and the next offer writes its own element over it. A take is
 * built the same way: its release store of {@code consumerIndex} is its only call after its
 * loads, and the stores that follow it are plain.
 *
 * <p>The JCTools SPSC queue the lanes used before published the other way round: its consumer
 * takes whatever slot is non-null, and its producer stored the element first and its index
 * after, in a second call. An offer that overflowed between the two left an element the
 * consumer could take while the producer's index did not count it; the next offer was then
 * written into the slot the consumer had already passed, never taken, and the lane looked
 * empty (its size is the difference of the indices). The fault soak met it as an async task
 * left SCHEDULED in no queue: woken normally, right after a wake at the stack limit had
 * overflowed inside the same lane (see {@code LaneQueueFaultTest}).
 *
 * <h2>Memory order</h2>
 * The producer's slot and link stores come before its release store of {@code producerIndex};
 * the consumer's acquire load of it (or an earlier one that already covered the element)
 * comes before its slot and link loads. The consumer's release store of {@code consumerIndex}
 * pairs with the volatile loads of {@link #currentConsumerIndex} (the lane's room check). The
 * plain fields pass from one producer to the next through the lane lock, and from one consumer
 * to the next through the claim.
 */
final class LaneQueue extends LaneQueueConsumerFields {
    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;

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
        // plain: unseen until the index store below
        producerChunk[offset] = e;
        // release: publishes the slot; pairs with the acquire in relaxedPoll. The offer's only
        // call: a fault entering it leaves the element unpublished and the queue as it was
        PRODUCER_INDEX.setRelease(this, p + 1);
    }

    /** {@link #offer} when the current chunk is full: links a new one, then publishes. */
    private void offerInNewChunk(long p, Object e) {
        // an OutOfMemoryError here changes nothing
        final Object[] next = new Object[chunkSize + 1];
        next[0] = e;
        // plain: read by the consumer only after the index store below; a fault before that
        // store leaves a link the next offer writes over, never followed
        producerChunk[chunkSize] = next;
        // release: publishes the link and the slot (pairs with the acquire in relaxedPoll)
        PRODUCER_INDEX.setRelease(this, p + 1);
        // after the publication, and no call: nothing can fault between the two
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
        if (c >= producerSeen) {
            // acquire: pairs with the producer's release store; covers the slots below it
            producerSeen = (long) PRODUCER_INDEX.getAcquire(this);
            if (c >= producerSeen) {
                return null;
            }
        }
        final int offset = (int) c & mask;
        Object[] chunk = consumerChunk;
        if (offset == 0 && c != 0) {
            // the link was stored before the index that covers this element
            chunk = (Object[]) chunk[chunkSize];
        }
        final Object e = chunk[offset];
        // release: the room check reads it (currentConsumerIndex). The take's only call after
        // its loads: a fault entering it (a shutdownNow sweep at its caller's stack limit)
        // changes nothing, so the next take finds the same element
        CONSUMER_INDEX.setRelease(this, c + 1);
        // after the index, and no call: plain stores nothing can cut off. The producer never
        // writes this slot again; the chunk retains nothing taken
        consumerChunk = chunk;
        chunk[offset] = null;
        return e;
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
     * lane lock, the index's one writer (the lane's room check,
     * {@code Inbox.LaneLock.hasCachedRoom}).
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
    /** The producer index the consumer last read: elements below it need no new load. */
    long producerSeen;
    /** The chunk the next take reads from. */
    Object[] consumerChunk;
    private byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    private byte p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;
    private byte p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47;
    private byte p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63;
}
