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
package io.tidepool.internal.timer;

import java.util.function.Consumer;

/**
 * A hierarchical timing wheel (Varghese and Lauck, SOSP 1987; the layout of tokio's timer):
 * six levels of 64 slots, level {@code L}'s slots each {@code 64^L} ticks wide, a tick of
 * {@value #TICK_NANOS} ns. A timer goes to the lowest level whose slot separates its tick from
 * the wheel's current tick; when time reaches a slot of a higher level its timers cascade down
 * a level at a time and expire from level 0. Each level keeps a 64-bit mask of occupied slots,
 * so the next expiry is found with a few bit operations, and an idle worker parks until exactly
 * then: 100,000 timers ten minutes out cost a handful of wake-ups, not one per tick. Range:
 * {@code 64^6} ticks (about 52 days); a later deadline waits in the top level and is placed
 * again when it cascades.
 *
 * <p>A timer never fires early: its slot is the ceiling of its deadline in ticks; when time
 * reaches the slot its timers move to a due list, where each waits for its own deadline, so the
 * worker's park can end at the exact deadline of the earliest. The next expiry of a level-0
 * slot (at most a level's span ahead, about 4 ms) is its earliest deadline too, when the slot
 * holds few timers: one park per timer, not one to the slot's start and another to the
 * deadline. It fires late only by the park's own lateness (and by the task the worker is
 * running).
 *
 * <p>Slots are circular doubly linked lists with a sentinel, so a cancelled timer leaves in
 * O(1) without knowing its slot; the sentinel is found when the list becomes empty, to clear
 * the slot's bit. Timers already due when inserted wait in a separate due list.
 *
 * <p>Not thread-safe: used only by the claim holder of its {@link TimerCore}.
 */
final class TimerWheel {
    /** log2 of the tick in nanoseconds. */
    static final int TICK_SHIFT = 16;
    /** The tick: 65,536 ns. */
    static final long TICK_NANOS = 1L << TICK_SHIFT;
    static final int LEVELS = 6;
    static final int SLOT_BITS = 6;
    static final int SLOTS = 1 << SLOT_BITS;
    /** Most timers of a level-0 slot that {@link #nextDeadline} reads for the exact deadline. */
    static final int EXACT_SCAN = 16;
    /** The farthest tick a timer is placed at, relative to the current tick (see insert). */
    static final long MAX_AHEAD = (long) (SLOTS - 1) << (SLOT_BITS * (LEVELS - 1));

    /** A slot's sentinel; index = level * 64 + slot, or -1 for the due list. */
    static final class Slot extends TimerNode {
        final int index;

        Slot(int index) {
            super(CANCELLED);
            this.index = index;
            prev = this;
            next = this;
        }

        @Override
        protected Runnable expire(long now) {
            throw new IllegalStateException("a slot sentinel never expires");
        }
    }

    private final Slot[] slots = new Slot[LEVELS * SLOTS];
    private final Slot due = new Slot(-1);
    private final long[] occupied = new long[LEVELS];
    /** The clock's nanoseconds at tick 0. */
    private final long origin;
    /** The last tick processed. */
    private long elapsed;
    /** Timers in slots and the due list. */
    private int count;
    /** Where the last {@link #nextSlotTick()} found it: level * 64 + slot. */
    private int nextIndex;

    TimerWheel(long origin) {
        this.origin = origin;
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(i);
        }
    }

    /** {@return the first tick at or after {@code nanos}} */
    long ceilTick(long nanos) {
        final long t = nanos - origin;
        return t <= 0 ? 0 : ((t - 1) >>> TICK_SHIFT) + 1;
    }

    /** {@return the clock's nanoseconds at the start of {@code tick}} */
    long tickNanos(long tick) {
        return origin + (tick << TICK_SHIFT);
    }

    /** {@return the timers in the wheel} */
    int count() {
        return count;
    }

    /** Adds a timer (not linked anywhere) by its deadline. */
    void insert(TimerNode n) {
        count++;
        place(n);
    }

    private void place(TimerNode n) {
        long when = ceilTick(n.deadline);
        if (when <= elapsed) {
            link(due, n);
            return;
        }
        // at most 63 top-level slots ahead, so it never shares the current top-level slot; a
        // timer placed across the top level's end comes round again (nextSlotTick)
        when = Math.min(when, elapsed + MAX_AHEAD);
        final int level = Math.min(LEVELS - 1,
                (63 - Long.numberOfLeadingZeros((elapsed ^ when) | (SLOTS - 1))) / SLOT_BITS);
        final int slot = (int) (when >>> (level * SLOT_BITS)) & (SLOTS - 1);
        link(slots[level * SLOTS + slot], n);
        occupied[level] |= 1L << slot;
    }

    /** Removes a linked timer (a cancelled one). O(1). */
    void remove(TimerNode n) {
        final TimerNode p = n.prev;
        final TimerNode x = n.next;
        p.next = x;
        x.prev = p;
        n.prev = null;
        n.next = null;
        count--;
        if (p == x && p instanceof Slot s && s.index >= 0) {
            occupied[s.index >>> SLOT_BITS] &= ~(1L << (s.index & (SLOTS - 1)));
        }
    }

    /**
     * {@return the first instant, in clock nanoseconds, at which {@link #advance} expires a
     * timer; Long.MAX_VALUE if the wheel is empty}
     */
    long nextDeadline() {
        if (due.next != due) {
            // due timers are within the current tick: the earliest exact deadline
            long min = Long.MAX_VALUE;
            for (TimerNode n = due.next; n != due; n = n.next) {
                min = Math.min(min, n.deadline);
            }
            return min;
        }
        final long tick = nextSlotTick();
        if (tick == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        if (nextIndex < SLOTS && tick > elapsed) {
            // a level-0 slot holds the timers whose ceiling in ticks is `tick`: advance at the
            // earliest of their deadlines cascades the slot and expires it, so the worker can
            // sleep until then, in one park, rather than until the slot opens and then again
            final long exact = earliestIn(slots[nextIndex]);
            if (exact != Long.MAX_VALUE) {
                return exact;
            }
        }
        // advance reaches slot `tick` once the ceiling of the time in ticks is `tick`
        return tickNanos(tick - 1) + 1;
    }

    /**
     * {@return the earliest deadline in a slot, or Long.MAX_VALUE if it holds more than
     * {@value #EXACT_SCAN} timers (their slot's start is then the answer: a long list is not
     * walked on every turn)}
     */
    private static long earliestIn(Slot s) {
        long min = Long.MAX_VALUE;
        int left = EXACT_SCAN;
        for (TimerNode n = s.next; n != s; n = n.next) {
            if (left-- == 0) {
                return Long.MAX_VALUE;
            }
            min = Math.min(min, n.deadline);
        }
        return min;
    }

    /** {@return the start tick of the next occupied slot, or Long.MAX_VALUE} Sets nextIndex. */
    private long nextSlotTick() {
        for (int level = 0; level < LEVELS; level++) {
            final long occ = occupied[level];
            if (occ == 0) {
                continue;
            }
            final int shift = level * SLOT_BITS;
            final long levelRange = 1L << (shift + SLOT_BITS);
            final int nowSlot = (int) (elapsed >>> shift) & (SLOTS - 1);
            final int slot = (Long.numberOfTrailingZeros(Long.rotateRight(occ, nowSlot)) + nowSlot)
                    & (SLOTS - 1);
            long tick = (elapsed & -levelRange) + ((long) slot << shift);
            if (tick <= elapsed) {
                // the top level's slots are a ring: a slot behind the current one is the next
                // round's; below the top a slot's start has passed only if it is due now
                tick = level == LEVELS - 1 ? tick + levelRange : elapsed;
            }
            nextIndex = level * SLOTS + slot;
            return tick;
        }
        return Long.MAX_VALUE;
    }

    /**
     * Moves time to {@code now}: the timers of every slot whose start the ceiling of
     * {@code now} in ticks has reached cascade down a level or into the due list, and every
     * due timer whose deadline has passed expires (exactly: a due timer waits for its own
     * deadline, so a virtual clock advanced to a deadline fires it, never earlier).
     *
     * @param now the clock's time
     * @param expired receives each expired timer, unlinked
     */
    void advance(long now, Consumer<TimerNode> expired) {
        final long nowTick = ceilTick(now);
        while (true) {
            final long tick = nextSlotTick();
            if (tick > nowTick) {
                break;
            }
            if (tick > elapsed) {
                elapsed = tick;
            }
            final Slot s = slots[nextIndex];
            occupied[nextIndex >>> SLOT_BITS] &= ~(1L << (nextIndex & (SLOTS - 1)));
            TimerNode n = detach(s);
            while (n != s) {
                final TimerNode after = n.next;
                n.prev = null;
                n.next = null;
                // down a level, or into the due list when its tick has come
                place(n);
                n = after;
            }
        }
        if (nowTick > elapsed) {
            elapsed = nowTick;
        }
        TimerNode n = due.next;
        while (n != due) {
            final TimerNode after = n.next;
            if (n.deadline - now <= 0) {
                remove(n);
                expired.accept(n);
            }
            n = after;
        }
    }

    /** Empties a slot's list; returns its first node (the sentinel if it was empty). */
    private static TimerNode detach(Slot s) {
        final TimerNode first = s.next;
        // the last node's next stays the sentinel, which ends the caller's walk
        s.next = s;
        s.prev = s;
        return first;
    }

    /**
     * Calls {@code action} with every timer in the wheel; {@code action} may {@link #remove}
     * the timer it is given.
     */
    void forEach(Consumer<TimerNode> action) {
        forEachIn(due, action);
        for (Slot s : slots) {
            forEachIn(s, action);
        }
    }

    private static void forEachIn(Slot s, Consumer<TimerNode> action) {
        TimerNode n = s.next;
        while (n != s) {
            final TimerNode after = n.next;
            action.accept(n);
            n = after;
        }
    }

    private static void link(Slot s, TimerNode n) {
        final TimerNode last = s.prev;
        n.prev = last;
        n.next = s;
        last.next = n;
        s.prev = n;
    }
}
