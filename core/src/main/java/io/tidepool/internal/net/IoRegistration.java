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
package io.tidepool.internal.net;

import io.tidepool.Waker;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.WritableByteChannel;

/**
 * One channel's place in a reactor: which worker's selector owns it, the interest asked for
 * and not yet applied, and the wakers of the tasks waiting for each direction.
 *
 * <p>The owner is chosen at the first {@link #arm} ({@link Selectors#choose}: the worker that
 * owns the fewest open channels, the arming task's own on a tie), and it never changes. A wake is one-shot: a
 * task arms after an operation found the channel not ready; when the selector reports the
 * operation ready, the owner wakes the waker once and disarms. The selector is
 * level-triggered, so an arm that lands after the data arrived is reported by the next select:
 * no readiness is lost between a failed read and its arm. The key's interest lags behind the
 * armed set to save system calls (see {@link #onReady}).
 *
 * <p>There is one waker slot per direction (read/accept, write/connect): the last task to arm
 * a direction is the one woken, as with tokio's {@code poll_read} on a shared stream.
 *
 * <p>Readiness cache (tokio's {@code clear_readiness} after a short read): per direction, a
 * flag says whether the next system call may succeed. It starts set; a read that returned
 * fewer bytes than asked (the receive buffer is drained), or nothing, clears it
 * (see {@link #read}), and the next read then arms at once instead of making a
 * read that would return nothing: an echo or request/response connection makes one read per
 * message instead of two. The owner sets the flag again when a select reports the direction
 * ready, before it wakes the waiter; {@link #close} sets both. A stale value costs little and
 * loses nothing: a stale set costs one system call that finds nothing; a stale clear (a clear
 * racing a select that reported new data) costs one arm, which the level-triggered selector
 * answers at its next select, since the data is still there.
 *
 * <p>Ownership and threads: {@code key} is touched only by the owner ({@link SelectorPark}'s
 * rule). An arm from another thread ORs its operations into {@code pending} and, if it was the
 * first since the owner last took them, queues this registration on the owner; the owner's
 * {@code xchgPending} takes every operation ORed before it, and an arm after it queues again.
 */
public final class IoRegistration implements OwnerCommand {
    private static final int READ_SIDE = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_SIDE = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
    /** Queued on the owner by a close from another thread: its next select frees the fd. */
    private static final OwnerCommand FLUSH = p -> {};
    /**
     * Selects that may report an armed-before operation ready with nobody armed before the
     * owner drops it from the interest. A task woken by readiness is queued, and a select
     * before it runs again (a busy worker's poll, or a select on the owner while a thief runs
     * it) sees its socket still ready; dropping the interest then would cost two
     * {@code epoll_ctl} when the task re-arms. A task that stopped waiting for good makes an
     * idle owner's select return at once this many times, then no more.
     */
    static final int UNWANTED_REPORTS_KEPT = 3;
    /** What {@link #read} and {@link #write} return when they armed the waker instead. */
    public static final int NOT_READY = Integer.MIN_VALUE;
    private static final VarHandle OWNER;
    private static final VarHandle PENDING;
    private static final VarHandle READ_READY;
    private static final VarHandle WRITE_READY;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            OWNER = lookup.findVarHandle(IoRegistration.class, "owner", SelectorPark.class);
            PENDING = lookup.findVarHandle(IoRegistration.class, "pending", int.class);
            READ_READY = lookup.findVarHandle(IoRegistration.class, "readReady", boolean.class);
            WRITE_READY = lookup.findVarHandle(IoRegistration.class, "writeReady", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Selectors group;
    private final SelectableChannel channel;
    private volatile SelectorPark owner;
    private volatile int pending;
    private volatile Waker readWaker;
    private volatile Waker writeWaker;
    /** The channel's key in the owner's selector; plain: the owner alone touches it. */
    private SelectionKey key;
    /** Operations a task waits for (armed, not yet reported); plain: owner only. */
    private int armed;
    /**
     * Selects in a row that reported an operation nobody armed (see
     * {@link #UNWANTED_REPORTS_KEPT}); plain: owner only.
     */
    private int unwantedReports;
    /** Whether a read or accept may find something (class doc); opaque. */
    private boolean readReady = true;
    /** Whether a write or connect may make progress (class doc); opaque. */
    private boolean writeReady = true;

    IoRegistration(Selectors group, SelectableChannel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** {@return the channel} */
    public SelectableChannel channel() {
        return channel;
    }

    /**
     * Reads into {@code dst} through the readiness cache: makes the system call unless the
     * last read drained the receive buffer and no select has reported the channel readable
     * since; when it makes none, or the call read nothing, arms the read for {@code waker}.
     * {@code dst} must have space left.
     *
     * @param ch the channel of this registration
     * @param dst the buffer to fill
     * @param waker woken once when the channel is readable, if this returns {@link #NOT_READY}
     * @return the count the channel's read returned (-1 at end of stream), or {@link #NOT_READY}
     * @throws IOException as the channel's read
     */
    public int read(ReadableByteChannel ch, ByteBuffer dst, Waker waker) throws IOException {
        if (loReadReady()) {
            final int n = ch.read(dst);
            if (n != 0) {
                if (n > 0 && dst.hasRemaining()) {
                    // a short read drained the receive buffer: the next would find nothing
                    poReadReady(false);
                }
                return n;
            }
            poReadReady(false);
        }
        // always arm when returning pending: the interest may still be there from an earlier
        // arm, but that arm has fired (see onReady), so without this nobody would be woken
        arm(SelectionKey.OP_READ, waker);
        return NOT_READY;
    }

    /**
     * Writes from {@code src} through the readiness cache, as {@link #read}: no system call
     * after a write that the send buffer did not take whole, until a select reports the
     * channel writable. {@code src} must have bytes left.
     *
     * @param ch the channel of this registration
     * @param src the bytes to write
     * @param waker woken once when the channel is writable, if this returns {@link #NOT_READY}
     * @return the count the channel's write returned, or {@link #NOT_READY}
     * @throws IOException as the channel's write
     */
    public int write(WritableByteChannel ch, ByteBuffer src, Waker waker) throws IOException {
        if (loWriteReady()) {
            final int n = ch.write(src);
            if (n != 0) {
                if (src.hasRemaining()) {
                    // the send buffer took part: the next write would take nothing
                    poWriteReady(false);
                }
                return n;
            }
            poWriteReady(false);
        }
        arm(SelectionKey.OP_WRITE, waker);
        return NOT_READY;
    }

    /** {@return whether the next {@link #read} makes its system call}; for tests */
    boolean mayRead() {
        return loReadReady();
    }

    /** {@return whether the next {@link #write} makes its system call}; for tests */
    boolean mayWrite() {
        return loWriteReady();
    }

    /**
     * Asks the owner to wake {@code waker} once {@code op} is ready. Call it after the
     * operation found the channel not ready; any thread.
     *
     * @param op one {@link SelectionKey} operation
     * @param waker woken once when the operation is ready, or when the channel is closed
     */
    public void arm(int op, Waker waker) {
        // volatile stores: read by onReady after the select that reports op, which happens
        // after the interest change below
        if ((op & READ_SIDE) != 0) {
            svReadWaker(waker);
        } else {
            svWriteWaker(waker);
        }
        final SelectorPark p = ownerOrAssign();
        if (group.isOwner(p.index())) {
            applyOnOwner(op);
            p.afterOwnerArm();
        } else {
            p.countHandOff();
            if (orPending(op) == 0) {
                // the first since the owner's last xchgPending: queue; later ones ride along
                p.submit(this);
            }
        }
    }

    private SelectorPark ownerOrAssign() {
        final SelectorPark p = lvOwner();
        if (p != null) {
            return p;
        }
        final SelectorPark chosen = group.choose();
        final SelectorPark witness = caxOwner(chosen);
        if (witness != null) {
            return witness;
        }
        chosen.xaddOwned(1);
        return chosen;
    }

    @Override
    public void runOnOwner(SelectorPark p) {
        final int ops = xchgPending();
        if (ops != 0) {
            applyOnOwner(ops);
        }
    }

    /**
     * Owner only: marks {@code ops} armed and makes sure they are in the key's interest
     * (registering the channel the first time). An operation still in the interest from an
     * earlier arm costs nothing here: see {@link #onReady}.
     */
    private void applyOnOwner(int ops) {
        armed |= ops;
        unwantedReports = 0;
        try {
            final SelectionKey k = key;
            if (k == null) {
                key = channel.register(lvOwner().selector(), ops, this);
            } else {
                final int interest = k.interestOps();
                if ((interest & ops) != ops) {
                    k.interestOps(interest | ops);
                }
            }
        } catch (ClosedChannelException | CancelledKeyException | ClosedSelectorException e) {
            // closed meanwhile: the waiting tasks poll again and see the channel closed
            wakeAll();
        }
    }

    /**
     * Owner only, from a select: wakes the waiters of the ready operations that were armed
     * (each arm is woken once), and drops from the interest only the ready operations nobody
     * armed. An operation that fired stays in the interest, so a task that waits for it again
     * before the next select (a read after each reply, say) re-arms without touching the
     * selector; if nobody re-armed it by then, that select reports it once more and this
     * drops it.
     */
    void onReady(SelectionKey k) {
        final int ready;
        final int fired;
        try {
            ready = k.readyOps();
            fired = ready & armed;
            final int unwanted = ready & ~fired;
            if (unwanted == 0) {
                unwantedReports = 0;
            } else if (++unwantedReports > UNWANTED_REPORTS_KEPT) {
                unwantedReports = 0;
                k.interestOps(k.interestOps() & ~unwanted);
            }
        } catch (CancelledKeyException e) {
            armed = 0;
            wakeAll();
            return;
        }
        armed &= ~fired;
        // before the wakes: the woken task's next call makes its system call
        if ((ready & READ_SIDE) != 0) {
            poReadReady(true);
        }
        if ((ready & WRITE_SIDE) != 0) {
            poWriteReady(true);
        }
        if ((fired & READ_SIDE) != 0) {
            wake(lvReadWaker());
        }
        if ((fired & WRITE_SIDE) != 0) {
            wake(lvWriteWaker());
        }
    }

    private void wakeAll() {
        // the next call of each side makes its system call and sees the channel's state
        poReadReady(true);
        poWriteReady(true);
        wake(lvReadWaker());
        wake(lvWriteWaker());
    }

    private static void wake(Waker w) {
        if (w != null) {
            w.wake();
        }
    }

    /**
     * Closes the channel, wakes whoever waits on it, and makes the owner free its descriptor:
     * at once on the owner, at the owner's next select otherwise (a selector frees a
     * registered channel's descriptor when it drops the cancelled key). Idempotent; any
     * thread.
     *
     * @throws IOException if closing the channel fails
     */
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            final boolean first = group.forget(this);
            wakeAll();
            final SelectorPark p = lvOwner();
            if (first && p != null) {
                // a first arm racing this close may assign an owner after the read above: that
                // count stays one too high, which only steers later choices a little
                p.xaddOwned(-1);
            }
            if (p != null) {
                if (group.isOwner(p.index())) {
                    p.flushCancelled();
                } else {
                    p.submit(FLUSH);
                }
            }
        }
    }

    /** Volatile store; read by the owner's {@link #lvReadWaker} after the select it armed. */
    private void svReadWaker(Waker w) {
        readWaker = w;
    }

    private Waker lvReadWaker() {
        return readWaker;
    }

    /** Volatile store; read by the owner's {@link #lvWriteWaker} after the select it armed. */
    private void svWriteWaker(Waker w) {
        writeWaker = w;
    }

    private Waker lvWriteWaker() {
        return writeWaker;
    }

    /**
     * Opaque load: the flag is a hint (class doc). A set by the owner before a wake is seen by
     * the woken task anyway: the wake's release and the run's acquire order it.
     */
    private boolean loReadReady() {
        return (boolean) READ_READY.getOpaque(this);
    }

    private void poReadReady(boolean ready) {
        READ_READY.setOpaque(this, ready);
    }

    private boolean loWriteReady() {
        return (boolean) WRITE_READY.getOpaque(this);
    }

    private void poWriteReady(boolean ready) {
        WRITE_READY.setOpaque(this, ready);
    }

    private SelectorPark lvOwner() {
        return owner;
    }

    /** Volatile compare-and-exchange from null: the first arm's choice wins. */
    private SelectorPark caxOwner(SelectorPark chosen) {
        return (SelectorPark) OWNER.compareAndExchange(this, (SelectorPark) null, chosen);
    }

    /** Volatile get-and-OR; the owner's {@link #xchgPending} takes every bit ORed before it. */
    private int orPending(int ops) {
        return (int) PENDING.getAndBitwiseOr(this, ops);
    }

    private int xchgPending() {
        return (int) PENDING.getAndSet(this, 0);
    }

    @Override
    public String toString() {
        final SelectorPark p = lvOwner();
        return "IoRegistration[" + channel + ", owner=" + (p == null ? "none" : p.index()) + "]";
    }
}
