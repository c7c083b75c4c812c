package io.tidepool.internal.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;
import org.jctools.queues.varhandle.MpscUnboundedVarHandleArrayQueue;

/**
 * A worker's external inbox: a JCTools MPSC queue with a producer gate (so shutdown can close it
 * without losing a task that is being offered) and a consumer claim (so another worker or the
 * shutdown sweep may drain it when the owner is busy).
 *
 * <h2>Producer gate</h2>
 * Producers inside {@link #offer} are counted in {@value #STRIPES} striped counters, one per
 * 64-byte line of an {@code int} array, chosen by the producing thread's identity hash, so that
 * submitting threads do not share a cache line (a single shared counter cost 25-45% of
 * {@code remote_spawn_contention} throughput with 2-8 submitters; docs/benchmarks.md). The flags
 * live in the same array, on a line of their own, away from the consumer's claim:
 * <pre>
 *   gate[FLAGS]          CLOSED (bit 31) | NEW_SHUT (bit 30)       written by shut()/close()
 *   gate[cell(k)]        producers of stripe k inside offer()      getAndAdd +1 / -1
 * </pre>
 * A producer adds one to its stripe, reads the flags, offers unless refused, and subtracts one.
 * {@link #shut} and {@link #close} set a flag and then wait until every stripe reads zero. Both
 * sides do a volatile read-modify-write and then a volatile read (Dekker): either the producer
 * sees the flag (and is refused), or the closer sees the producer's count and waits for it to
 * leave, after its task is in the queue. A stripe read as zero means every producer counted on it
 * before that read has left. The wait is bounded by one {@code offer} of a JCTools queue; no user
 * code runs inside the gate.
 *
 * <h2>Consumer claim</h2>
 * JCTools MPSC queues allow one consumer at a time. {@link #tryClaim} / {@link #release} make
 * that consumer a role any thread can hold: the CAS in {@code tryClaim} acquires what the last
 * holder's release store in {@code release} published (the queue's plain consumer index).
 */
public final class Inbox {
    private static final int CLOSED = 1 << 31;
    private static final int NEW_SHUT = 1 << 30;
    /** Producer counters; a power of two. */
    static final int STRIPES = 8;
    /** {@code int}s per 64-byte cache line: the distance between two counters. */
    private static final int LINE = 16;
    /** The flags' slot; the counters follow, one line apart, after a line of padding. */
    private static final int FLAGS = LINE;

    /** Chunk size of the unbounded queue; chosen with {@code InboxQueueBenchmark}. */
    static final int CHUNK_SIZE = 1024;

    private static final VarHandle GATE = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle CLAIM;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLAIM = lookup.findVarHandle(Inbox.class, "claim", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MpscUnboundedVarHandleArrayQueue<Runnable> queue =
            new MpscUnboundedVarHandleArrayQueue<>(CHUNK_SIZE);
    /** Flags and striped producer counts, each on its own line (layout above). */
    private final int[] gate = new int[(STRIPES + 3) * LINE];
    private volatile int claim;

    /** An empty inbox, open to offers and unclaimed. */
    public Inbox() {}

    /**
     * Offers a task unless the inbox is closed to it. Any thread.
     *
     * @param task the task, not null
     * @param resubmission whether the task was already accepted by the pool (a re-scheduled async
     *     task); resubmissions pass a gate that is shut to new tasks, but not a closed one
     * @return whether the task is now in the queue
     */
    public boolean offer(Runnable task, boolean resubmission) {
        final int cell = cell(Thread.currentThread());
        xaddGate(cell, 1);
        // volatile read after our volatile increment: Dekker with shut()/close() (see above)
        final int flags = lvGate(FLAGS);
        final boolean refused = (flags & CLOSED) != 0 || (!resubmission && (flags & NEW_SHUT) != 0);
        if (!refused) {
            queue.offer(task);
        }
        // release of our count: pairs with the volatile read in awaitProducers()
        xaddGate(cell, -1);
        return !refused;
    }

    /**
     * Refuses new tasks from now on (resubmissions still enter); returns when no offer is in
     * flight.
     */
    public void shut() {
        orGate(NEW_SHUT);
        awaitProducers();
    }

    /** Refuses every task from now on; returns when no offer is in flight. */
    public void close() {
        orGate(CLOSED | NEW_SHUT);
        awaitProducers();
    }

    /**
     * Tries to become the consumer. Any thread; pair every success with {@link #release}.
     *
     * @return whether the caller now holds the claim; {@code false} if another thread holds it
     */
    public boolean tryClaim() {
        return lpClaim() == 0 && casClaim(0, 1);
    }

    /** Gives up the consumer role. */
    public void release() {
        // release: publishes the consumer's progress; pairs with the CAS in tryClaim()
        soClaim(0);
    }

    /**
     * Moves up to {@code limit} tasks to {@code sink} in FIFO order. The caller holds the claim.
     *
     * @param sink receives each task taken, on the calling thread
     * @param limit the most tasks to move
     * @return how many tasks were moved
     */
    public int drain(Consumer<Runnable> sink, int limit) {
        int n = 0;
        Runnable task;
        while (n < limit && (task = queue.poll()) != null) {
            sink.accept(task);
            n++;
        }
        return n;
    }

    /**
     * Takes one task, or {@code null} if the queue is empty; waits for an element whose producer
     * is still writing it. The caller holds the claim.
     *
     * @return the oldest task, or {@code null}
     */
    public Runnable poll() {
        return queue.poll();
    }

    /**
     * Takes one task, or {@code null} if none is ready: unlike {@link #poll} it does not wait
     * for an element whose producer is still writing it. The caller holds the claim.
     *
     * @return the oldest task, or {@code null}
     */
    public Runnable relaxedPoll() {
        return queue.relaxedPoll();
    }

    /** {@return whether the queue looked empty} Any thread. */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** {@return an estimate of the number of queued tasks} Any thread. */
    public int size() {
        return queue.size();
    }

    private void awaitProducers() {
        for (int k = 0; k < STRIPES; k++) {
            final int cell = FLAGS + (k + 1) * LINE;
            while (lvGate(cell) != 0) {
                Thread.onSpinWait();
            }
        }
    }

    /** The counter of {@code thread}'s stripe: the same for every offer of one thread. */
    private static int cell(Thread thread) {
        final int h = System.identityHashCode(thread);
        return FLAGS + (((h ^ (h >>> 16)) & (STRIPES - 1)) + 1) * LINE;
    }

    private int lvGate(int index) {
        return (int) GATE.getVolatile(gate, index);
    }

    private void xaddGate(int index, int delta) {
        GATE.getAndAdd(gate, index, delta);
    }

    private void orGate(int bits) {
        GATE.getAndBitwiseOr(gate, FLAGS, bits);
    }

    private int lpClaim() {
        // plain: a stale value only makes the CAS below fail or be tried in vain
        return (int) CLAIM.get(this);
    }

    private boolean casClaim(int expected, int value) {
        return CLAIM.compareAndSet(this, expected, value);
    }

    private void soClaim(int value) {
        CLAIM.setRelease(this, value);
    }
}
