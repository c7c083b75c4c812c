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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One worker's readiness reactor: a {@link Park} whose wait is {@link Selector#select}.
 *
 * <p>States of the park, in the words of its two flags:
 * <pre>
 *   running --svInSelect(1)--&gt; entering --xchgNotified(0) == 0--&gt; selecting
 *      ^                              |                                  |
 *      |                  permit seen: return at once   first key reported,
 *      |                                                  or select returns
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
 * <p>Readiness is turned into wakes here: each ready key's {@link IoRegistration} wakes, once,
 * the waker that armed each ready operation. The wake runs on this thread, so the woken task
 * goes to this worker's own deque, even while the worker sleeps in select; the worker loop
 * looks at its deque when a park returns and wakes itself for what the park queued there.
 */
public final class SelectorPark implements Park, Unpark {
    /**
     * The owner polls its selector without blocking after this many interest changes applied
     * directly since the last select, so a worker that never runs out of tasks still sees
     * readiness (tokio polls its driver every 61 scheduler ticks for the same reason); or after
     * as many as the last select reported keys, if more: a poll before the tasks that select
     * woke have run would find their sockets still ready (level-triggered) and report them
     * again for nothing. Netty's event loop likewise runs every key one select returned before
     * it selects again.
     */
    static final int ARMS_PER_POLL = 61;

    private static final VarHandle NOTIFIED;
    private static final VarHandle OWNED;
    private static final VarHandle SELECTS;
    private static final VarHandle POLLS;
    private static final VarHandle KEYS;
    private static final VarHandle WAKEUPS;
    private static final VarHandle HANDED_OFF;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            NOTIFIED = lookup.findVarHandle(SelectorPark.class, "notified", int.class);
            OWNED = lookup.findVarHandle(SelectorPark.class, "owned", int.class);
            SELECTS = lookup.findVarHandle(SelectorPark.class, "selects", long.class);
            POLLS = lookup.findVarHandle(SelectorPark.class, "polls", long.class);
            KEYS = lookup.findVarHandle(SelectorPark.class, "keys", long.class);
            WAKEUPS = lookup.findVarHandle(SelectorPark.class, "wakeups", long.class);
            HANDED_OFF = lookup.findVarHandle(SelectorPark.class, "handedOff", long.class);
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
    /**
     * Channels assigned to this park and not yet closed; steers {@link Selectors#choose} only,
     * so any thread reads it without ordering anything else by it.
     */
    private volatile int owned;
    /** Interest changes applied directly since the last select; plain: owner only. */
    private int armsSinceSelect;
    /** Keys the last select reported; plain: owner only. */
    private int reportedBySelect;
    /** Keys reported so far by the select in progress; plain: owner only. */
    private int reporting;
    /*
     * Counts for SelectorCounts, each read by any thread with an opaque load. The first three
     * are written by the owner alone (an opaque store of its own plain read plus one, no
     * read-modify-write), once per select, not per key; the last two by any thread.
     */
    /** Selects that could block (the park's). */
    private long selects;
    /** Selects that could not block (a poll, or a flush after a close). */
    private long polls;
    /** Ready keys reported by all selects. */
    private long keys;
    /** {@code Selector.wakeup()} calls made by unparkers. */
    private long wakeups;
    /** Interest changes queued by threads other than the owner. */
    private long handedOff;
    /** The select action: {@link #onSelected}, allocated once. */
    private final Consumer<SelectionKey> onSelected = this::onSelected;

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
            // like a park that returned at once: the permit, if any, is used up
            xchgNotified(0);
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
        WAKEUPS.getAndAdd(this, 1L);
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

    /** Counts an interest change that another thread queued for the owner; any thread. */
    void countHandOff() {
        HANDED_OFF.getAndAdd(this, 1L);
    }

    /** {@return selects that could block (the park's) so far}; opaque load, any thread */
    public long selects() {
        return (long) SELECTS.getOpaque(this);
    }

    /** {@return selects that could not block so far}; opaque load, any thread */
    public long polls() {
        return (long) POLLS.getOpaque(this);
    }

    /** {@return ready keys reported by all selects so far}; opaque load, any thread */
    public long keysReported() {
        return (long) KEYS.getOpaque(this);
    }

    /** {@return {@code Selector.wakeup()} calls so far}; opaque load, any thread */
    public long wakeups() {
        return (long) WAKEUPS.getOpaque(this);
    }

    /** {@return interest changes queued by other threads so far}; opaque load, any thread */
    public long handedOff() {
        return (long) HANDED_OFF.getOpaque(this);
    }

    /** {@return the channels assigned to this selector and not closed}; volatile load */
    public int channels() {
        return lvOwned();
    }

    /**
     * Runs on the owner after it applied an interest change itself: every
     * {@link #ARMS_PER_POLL} changes, polls the selector without blocking.
     */
    void afterOwnerArm() {
        if (++armsSinceSelect >= ARMS_PER_POLL && armsSinceSelect >= reportedBySelect) {
            pollNow();
        }
    }

    private void parkMillis(long millis) {
        final boolean applied = applyCommands();
        // volatile store then volatile read of the permit: pairs with unpark()'s store of the
        // permit then read of inSelect (Dekker)
        svInSelect(1);
        if (xchgNotified(0) != 0) {
            svInSelect(0);
            if (applied) {
                // the permit may be the commands' own: select once without blocking so that
                // what they asked for (a close's flush, a readiness) happens now
                flushCancelled();
            }
            return;
        }
        reporting = 0;
        // plain read: only the owner writes selects
        SELECTS.setOpaque(this, selects + 1);
        try {
            // the action form: ready keys go to onSelected as the selector finds them, with no
            // selected-key set to fill, iterate and clear (a set entry allocated per key)
            selector.select(onSelected, millis);
        } catch (IOException e) {
            throw new UncheckedIOException("select failed on worker " + index, e);
        } finally {
            svInSelect(0);
            endSelect();
        }
        // takes the permit of an unpark that woke this select; its work is visible to the
        // worker's re-check because this read-modify-write reads its release of the permit
        xchgNotified(0);
    }

    /** Applies queued commands and processes what is ready, without blocking. */
    void pollNow() {
        applyCommands();
        POLLS.setOpaque(this, polls + 1);
        reporting = 0;
        try {
            selector.selectNow(onSelected);
        } catch (IOException e) {
            throw new UncheckedIOException("select failed on worker " + index, e);
        } finally {
            endSelect();
        }
    }

    private void endSelect() {
        KEYS.setOpaque(this, keys + reporting);
        armsSinceSelect = 0;
        reportedBySelect = reporting;
    }

    /**
     * Owner only: lets the selector drop the keys of channels closed since its last select,
     * which frees their file descriptors, and processes what is ready.
     */
    void flushCancelled() {
        POLLS.setOpaque(this, polls + 1);
        reporting = 0;
        try {
            selector.selectNow(onSelected);
        } catch (IOException e) {
            throw new UncheckedIOException("select failed on worker " + index, e);
        } catch (ClosedSelectorException e) {
            // the pool terminated and closed this selector: it freed every descriptor
        } finally {
            endSelect();
        }
    }

    /** {@return whether there was any command to apply} */
    private boolean applyCommands() {
        OwnerCommand c = commands.poll();
        if (c == null) {
            return false;
        }
        do {
            c.runOnOwner(this);
        } while ((c = commands.poll()) != null);
        return true;
    }

    /**
     * Called by the selector for each ready key, inside {@code select}. The first clears the
     * "in select" flag, before any wake: the system call that waits is over, and a wake that
     * unparks this very worker (its task goes to this worker's deque) then costs no
     * {@code wakeup()} system call and no spurious return of the next select. An unpark after
     * the clear sets the permit, which the park takes when select returns.
     */
    private void onSelected(SelectionKey key) {
        if (reporting++ == 0 && lvInSelect() != 0) {
            svInSelect(0);
        }
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

    /** {@return the channels assigned to this park and not closed}; volatile load */
    int lvOwned() {
        return owned;
    }

    /** Adds {@code delta} to the channels owned; volatile read-modify-write, any thread. */
    void xaddOwned(int delta) {
        OWNED.getAndAdd(this, delta);
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
