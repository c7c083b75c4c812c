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
 * round robin when armed from outside the pool, and it never changes. Interest is one-shot: a
 * task arms after an operation found the channel not ready; when the selector reports the
 * operation ready, the owner removes it from the key's interest and wakes the waker. The
 * selector is level-triggered, so an arm that lands after the data arrived is reported by the
 * next select: no readiness is lost between a failed read and its arm.
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
    private static final OwnerCommand FLUSH = owner -> {};
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
        // volatile stores: read by onReady's volatile load after the select that reports op,
        // which happens after the interest change below
        if ((op & READ_SIDE) != 0) {
            readWaker = waker;
        } else {
            writeWaker = waker;
        }
        final SelectorPark p = ownerOrAssign();
        if (group.isOwner(p.index())) {
            applyOnOwner(op);
            p.afterOwnerArm();
        } else if ((int) PENDING.getAndBitwiseOr(this, op) == 0) {
            p.submit(this);
        }
    }

    private SelectorPark ownerOrAssign() {
        final SelectorPark p = owner;
        if (p != null) {
            return p;
        }
        final SelectorPark chosen = group.choose();
        final SelectorPark witness = (SelectorPark) OWNER.compareAndExchange(this, (SelectorPark) null, chosen);
        return witness == null ? chosen : witness;
    }

    @Override
    public void runOnOwner(SelectorPark p) {
        final int ops = (int) PENDING.getAndSet(this, 0);
        if (ops != 0) {
            applyOnOwner(ops);
        }
    }

    /** Owner only: registers the channel or adds {@code ops} to its interest. */
    private void applyOnOwner(int ops) {
        try {
            final SelectionKey k = key;
            if (k == null) {
                key = channel.register(owner.selector(), ops, this);
            } else {
                k.interestOps(k.interestOps() | ops);
            }
        } catch (ClosedChannelException | CancelledKeyException | ClosedSelectorException e) {
            // closed meanwhile: the waiting tasks poll again and see the channel closed
            wakeAll();
        }
    }

    /** Owner only, from a select: drops the ready operations from the interest, wakes. */
    void onReady(SelectionKey k) {
        final int ready;
        try {
            ready = k.readyOps();
            k.interestOps(k.interestOps() & ~ready);
        } catch (CancelledKeyException e) {
            wakeAll();
            return;
        }
        if ((ready & READ_SIDE) != 0) {
            wake(readWaker);
        }
        if ((ready & WRITE_SIDE) != 0) {
            wake(writeWaker);
        }
    }

    private void wakeAll() {
        wake(readWaker);
        wake(writeWaker);
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
            final SelectorPark p = owner;
            if (p != null) {
                if (group.isOwner(p.index())) {
                    p.flushCancelled();
                } else {
                    p.submit(FLUSH);
                }
            }
        }
    }

    @Override
    public String toString() {
        final SelectorPark p = owner;
        return "IoRegistration[" + channel + ", owner=" + (p == null ? "none" : p.index()) + "]";
    }
}
