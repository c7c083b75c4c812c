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

import io.tidepool.Park;
import io.tidepool.Unpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One worker's readiness reactor: a {@link Park} whose wait is {@link Selector#select}.
 *
 * <p>States of the park, in the words of its two flags:
 * <pre>
 *   running --svInSelect(1)--&gt; entering --xchgNotified(0) == 0--&gt; selecting
 *      ^                              |                                  |
 *      |                  permit seen: return at once        select returns
 *      +----------------- svInSelect(0), xchgNotified(0) &lt;-----------------+
 * </pre>
 * {@link #unpark} sets the permit ({@code notified}) and then reads {@code inSelect}; the park
 * stores {@code inSelect} and then takes the permit. Both pairs are volatile (Dekker), so either
 * the park sees the permit and does not select, or the unparker sees the park entering or
 * in select and calls {@link Selector#wakeup()}, which makes a select in progress or the next
 * one return at once. No wake-up is lost, and an unpark of a worker that is running (the common
 * case under load) costs one volatile read-modify-write and no system call.
 *
 * <p>Commands from other threads (a registration, an interest change, a close to flush) go into
 * an unbounded MPSC queue and then take the unpark path; the park applies them before every
 * select. The owning worker applies its own directly. Everything touching the selector's keys
 * runs on the thread that currently runs the worker: the park is called only by that thread,
 * and {@link Selectors#isOwner} answers for a task's thread.
 *
 * <p>Readiness is turned into wakes here: each ready key's {@link IoRegistration} drops the
 * ready operations from its interest (one-shot) and wakes the waker that asked for them. The
 * wake runs on this thread, so the woken task goes to this worker's own deque.
 */
public final class SelectorPark implements Park, Unpark {
    /**
     * The owner polls its selector without blocking after this many interest changes applied
     * directly since the last select, so a worker that never runs out of tasks still sees
     * readiness (tokio polls its driver every 61 scheduler ticks for the same reason).
     */
    static final int ARMS_PER_POLL = 61;

    private static final VarHandle NOTIFIED;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            NOTIFIED = lookup.findVarHandle(SelectorPark.class, "notified", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Selectors group;
    private final int index;
    private final Selector selector;
    private final Queue<OwnerCommand> commands = new ConcurrentLinkedQueue<>();
    private volatile int inSelect;
    private volatile int notified;
    /** Interest changes applied directly since the last select; plain: owner only. */
    private int armsSinceSelect;

    /**
     * Opens the selector of worker {@code index}.
     *
     * @param group the reactor this park belongs to
     * @param index the worker index
     * @throws UncheckedIOException if the selector cannot be opened
     */
    SelectorPark(Selectors group, int index) {
        this.group = group;
        this.index = index;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the selector of worker " + index, e);
        }
    }

    /** {@return the index of the worker this park belongs to} */
    public int index() {
        return index;
    }

    Selector selector() {
        return selector;
    }

    @Override
    public void park() {
        parkMillis(0L);
    }

    @Override
    public void park(Duration timeout) {
        final long nanos = timeout.toNanos();
        if (nanos <= 0) {
            pollNow();
        } else {
            // Selector.select(0) blocks for ever: round up to one millisecond at least
            parkMillis(Math.max(1L, (nanos + 999_999L) / 1_000_000L));
        }
    }

    @Override
    public Unpark unparker() {
        return this;
    }

    /**
     * Makes the current or next park return: sets the permit, then wakes the selector only if
     * the owner is entering or inside select.
     */
    @Override
    public void unpark() {
        // volatile load first: a permit already set is owned by an earlier unpark that made
        // the same check below, so this one has nothing left to do
        if (lvNotified() == 0 && xchgNotified(1) == 0 && lvInSelect() != 0) {
            wakeSelector();
        }
    }

    private void wakeSelector() {
        try {
            selector.wakeup();
        } catch (ClosedSelectorException e) {
            // the pool terminated: nobody selects any more
        }
    }

    /**
     * Hands {@code command} to the owner: queued, then the owner's park is woken (by the
     * permit, or by {@code wakeup()} if it is in select).
     */
    void submit(OwnerCommand command) {
        commands.offer(command);
        unpark();
    }

    /**
     * Runs on the owner after it applied an interest change itself: every
     * {@link #ARMS_PER_POLL} changes, polls the selector without blocking.
     */
    void afterOwnerArm() {
        if (++armsSinceSelect >= ARMS_PER_POLL) {
            pollNow();
        }
    }

    private void parkMillis(long millis) {
        applyCommands();
        // volatile store then volatile read of the permit: pairs with unpark()'s store of the
        // permit then read of inSelect (Dekker)
        svInSelect(1);
        if (xchgNotified(0) != 0) {
            svInSelect(0);
            return;
        }
        try {
            selector.select(millis);
        } catch (IOException e) {
            throw new UncheckedIOException("select failed on worker " + index, e);
        } finally {
            // before the wakes below: a wake that unparks this very worker then costs no
            // wakeup() system call (and no spurious return of the next select)
            svInSelect(0);
            armsSinceSelect = 0;
        }
        processSelected();
        // takes the permit of an unpark that woke this select; its work is visible to the
        // worker's re-check because this read-modify-write reads its release of the permit
        xchgNotified(0);
    }

    /** Applies queued commands and processes what is ready, without blocking. */
    void pollNow() {
        applyCommands();
        armsSinceSelect = 0;
        try {
            selector.selectNow(this::onSelected);
        } catch (IOException e) {
            throw new UncheckedIOException("select failed on worker " + index, e);
        }
    }

    /**
     * Owner only: lets the selector drop the keys of channels closed since its last select,
     * which frees their file descriptors, and processes what is ready.
     */
    void flushCancelled() {
        try {
            selector.selectNow(this::onSelected);
        } catch (IOException e) {
            throw new UncheckedIOException("select failed on worker " + index, e);
        } catch (ClosedSelectorException e) {
            // the pool terminated and closed this selector: it freed every descriptor
        }
    }

    private void processSelected() {
        final Set<SelectionKey> ready = selector.selectedKeys();
        if (ready.isEmpty()) {
            return;
        }
        try {
            for (SelectionKey key : ready) {
                onSelected(key);
            }
        } finally {
            ready.clear();
        }
    }

    private void applyCommands() {
        OwnerCommand c;
        while ((c = commands.poll()) != null) {
            c.runOnOwner(this);
        }
    }

    private void onSelected(SelectionKey key) {
        ((IoRegistration) key.attachment()).onReady(key);
    }

    /**
     * Closes every channel registered with this selector, then the selector. Called once by
     * the pool after it terminated.
     */
    @Override
    public void close() {
        try {
            closeSelector();
        } finally {
            group.onParkClosed();
        }
    }

    private void closeSelector() {
        IOException failed = null;
        try {
            for (SelectionKey key : selector.keys()) {
                try {
                    key.channel().close();
                } catch (IOException e) {
                    failed = addTo(failed, e);
                }
            }
        } catch (ClosedSelectorException e) {
            return;
        }
        try {
            selector.close();
        } catch (IOException e) {
            failed = addTo(failed, e);
        }
        if (failed != null) {
            throw new UncheckedIOException("closing the reactor of worker " + index, failed);
        }
    }

    private static IOException addTo(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** {@return whether the selector is still open} */
    public boolean isOpen() {
        return selector.isOpen();
    }

    private int lvInSelect() {
        return inSelect;
    }

    private void svInSelect(int value) {
        inSelect = value;
    }

    private int lvNotified() {
        return notified;
    }

    private int xchgNotified(int value) {
        return (int) NOTIFIED.getAndSet(this, value);
    }

    @Override
    public String toString() {
        return "SelectorPark[" + index + ", keys=" + (selector.isOpen() ? selector.keys().size() : -1) + "]";
    }
}
