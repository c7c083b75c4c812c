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
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * One channel's place in a reactor: which worker's selector owns it, the interest asked for
 * and not yet applied, and the wakers of the tasks waiting for each direction.
 *
 * <p>The owner is chosen at the first {@link #arm}: the worker the arming task runs on, or
 * round robin when armed from outside the pool, and it never changes. A wake is one-shot: a
 * task arms after an operation found the channel not ready; when the selector reports the
 * operation ready, the owner wakes the waker once and disarms. The selector is
 * level-triggered, so an arm that lands after the data arrived is reported by the next select:
 * no readiness is lost between a failed read and its arm. The key's interest lags behind the
 * armed set to save system calls (see {@link #onReady}).
 *
 * <p>There is one waker slot per direction (read/accept, write/connect): the last task to arm
 * a direction is the one woken, as with tokio's {@code poll_read} on a shared stream.
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
    private static final VarHandle OWNER;
    private static final VarHandle PENDING;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            OWNER = lookup.findVarHandle(IoRegistration.class, "owner", SelectorPark.class);
            PENDING = lookup.findVarHandle(IoRegistration.class, "pending", int.class);
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

    IoRegistration(Selectors group, SelectableChannel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** {@return the channel} */
    public SelectableChannel channel() {
        return channel;
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
        } else if (orPending(op) == 0) {
            // the first since the owner's last xchgPending: queue; later ones ride along
            p.submit(this);
        }
    }

    private SelectorPark ownerOrAssign() {
        final SelectorPark p = lvOwner();
        if (p != null) {
            return p;
        }
        final SelectorPark chosen = group.choose();
        final SelectorPark witness = caxOwner(chosen);
        return witness == null ? chosen : witness;
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
            if (unwanted != 0) {
                k.interestOps(k.interestOps() & ~unwanted);
            }
        } catch (CancelledKeyException e) {
            armed = 0;
            wakeAll();
            return;
        }
        armed &= ~fired;
        if ((fired & READ_SIDE) != 0) {
            wake(lvReadWaker());
        }
        if ((fired & WRITE_SIDE) != 0) {
            wake(lvWriteWaker());
        }
    }

    private void wakeAll() {
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
            group.forget(this);
            wakeAll();
            final SelectorPark p = lvOwner();
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
