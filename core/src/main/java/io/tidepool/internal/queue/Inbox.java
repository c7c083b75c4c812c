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
 * The {@code gate} word counts producers inside {@link #offer} and carries two flags:
 * <pre>
 *   bit 31     bit 30      bits 0..29
 *  +--------+-----------+-------------------+
 *  | CLOSED | NEW_SHUT  | producers inside  |
 *  +--------+-----------+-------------------+
 * </pre>
 * A producer adds one, reads the flags from the value it got back, and leaves by subtracting
 * one. {@link #shut} and {@link #close} set a flag and then wait for the count to drain, so that
 * after they return every accepted task is in the queue and every later offer is refused. The
 * wait is bounded by one {@code offer} of a JCTools queue; no user code runs inside the gate.
 *
 * <h2>Consumer claim</h2>
 * JCTools MPSC queues allow one consumer at a time. {@link #tryClaim} / {@link #release} make
 * that consumer a role any thread can hold: the CAS in {@code tryClaim} acquires what the last
 * holder's release store in {@code release} published (the queue's plain consumer index).
 */
public final class Inbox {
    private static final int CLOSED = 1 << 31;
    private static final int NEW_SHUT = 1 << 30;
    private static final int PRODUCERS_MASK = NEW_SHUT - 1;

    /** Chunk size of the unbounded queue; chosen with {@code InboxQueueBenchmark}. */
    static final int CHUNK_SIZE = 1024;

    private static final VarHandle GATE;
    private static final VarHandle CLAIM;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            GATE = lookup.findVarHandle(Inbox.class, "gate", int.class);
            CLAIM = lookup.findVarHandle(Inbox.class, "claim", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MpscUnboundedVarHandleArrayQueue<Runnable> queue =
            new MpscUnboundedVarHandleArrayQueue<>(CHUNK_SIZE);
    private volatile int gate;
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
        final int seen = xaddGate(1);
        final boolean refused = (seen & CLOSED) != 0 || (!resubmission && (seen & NEW_SHUT) != 0);
        if (!refused) {
            queue.offer(task);
        }
        // release of the gate: pairs with the volatile read in awaitProducers()
        xaddGate(-1);
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
        while ((lvGate() & PRODUCERS_MASK) != 0) {
            Thread.onSpinWait();
        }
    }

    private int lvGate() {
        return gate;
    }

    private int xaddGate(int delta) {
        return (int) GATE.getAndAdd(this, delta);
    }

    private void orGate(int bits) {
        GATE.getAndBitwiseOr(this, bits);
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
