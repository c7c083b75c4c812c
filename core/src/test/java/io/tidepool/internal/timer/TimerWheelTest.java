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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hierarchical wheel alone: order, exactness, cascades across levels, removal, range. */
class TimerWheelTest {
    /** A timer that records nothing; the test reads the wheel's expiry order. */
    static final class Plain extends TimerNode {
        Plain(long deadline) {
            this.deadline = deadline;
        }

        @Override
        protected Runnable expire(long now) {
            return null;
        }
    }

    private static final long ORIGIN = 1_000_000_007L;

    @Test
    void shouldExpireEveryTimerAtItsDeadlineNeverEarlyAcrossAllLevels() {
        final TimerWheel wheel = new TimerWheel(ORIGIN);
        final Random random = new Random(7);
        final List<Plain> timers = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // from sub-tick to weeks: every level, and the top level's ring
            final long delay = (long) Math.pow(2, random.nextDouble() * 52);
            final Plain t = new Plain(ORIGIN + delay);
            timers.add(t);
            wheel.insert(t);
        }
        assertEquals(timers.size(), wheel.count());
        final List<TimerNode> expired = new ArrayList<>();
        long now = ORIGIN;
        long lastDeadline = ORIGIN;
        while (wheel.count() > 0) {
            final long next = wheel.nextDeadline();
            assertTrue(next > now || expired.isEmpty() || next >= now, "next " + next + " now " + now);
            now = Math.max(now, next);
            final int before = expired.size();
            final long at = now;
            wheel.advance(now, n -> {
                assertTrue(n.deadline <= at, "expired early: deadline " + n.deadline + " at " + at);
                expired.add(n);
            });
            // jumping to the reported instant always makes progress: a slot cascades or a
            // timer expires, never a spin on the same instant
            for (int i = before; i < expired.size(); i++) {
                assertTrue(expired.get(i).deadline >= lastDeadline - TimerWheel.TICK_NANOS,
                        "out of order by more than a tick: " + expired.get(i).deadline + " after "
                        + lastDeadline + " at " + at + " (" + (lastDeadline - expired.get(i).deadline) + ")");
                lastDeadline = Math.max(lastDeadline, expired.get(i).deadline);
            }
            if (expired.size() == before) {
                now++;
            }
        }
        assertEquals(timers.size(), expired.size());
    }

    @Test
    void shouldFireAtTheExactDeadlineInsideATick() {
        final TimerWheel wheel = new TimerWheel(0);
        final Plain t = new Plain(10_000_000_000L);
        wheel.insert(t);
        final List<TimerNode> expired = new ArrayList<>();
        wheel.advance(9_999_999_999L, expired::add);
        assertEquals(List.of(), expired);
        assertEquals(10_000_000_000L, wheel.nextDeadline());
        wheel.advance(10_000_000_000L, expired::add);
        assertEquals(List.of(t), expired);
        assertEquals(Long.MAX_VALUE, wheel.nextDeadline());
    }

    @Test
    void shouldReportTheExactDeadlineOfANearSlotSoOneParkReachesIt() {
        final TimerWheel wheel = new TimerWheel(0);
        // two ticks ahead, inside its tick: level 0, not yet in the due list
        final long deadline = 2 * TimerWheel.TICK_NANOS + 12_345;
        final Plain later = new Plain(deadline + 7);
        final Plain t = new Plain(deadline);
        wheel.insert(later);
        wheel.insert(t);
        assertEquals(deadline, wheel.nextDeadline());
        final List<TimerNode> expired = new ArrayList<>();
        wheel.advance(deadline - 1, expired::add);
        assertEquals(List.of(), expired);
        assertEquals(deadline, wheel.nextDeadline());
        // the reported instant cascades the slot and expires the timer in one advance
        wheel.advance(deadline, expired::add);
        assertEquals(List.of(t), expired);
        assertEquals(deadline + 7, wheel.nextDeadline());
    }

    @Test
    void shouldReportTheSlotStartOfACrowdedNearSlot() {
        final TimerWheel wheel = new TimerWheel(0);
        final long slotEnd = 3 * TimerWheel.TICK_NANOS;
        for (int i = 0; i <= TimerWheel.EXACT_SCAN; i++) {
            wheel.insert(new Plain(slotEnd - i));
        }
        // more than the scan reads: the slot's start, before every deadline in it
        assertEquals(2 * TimerWheel.TICK_NANOS + 1, wheel.nextDeadline());
        final List<TimerNode> expired = new ArrayList<>();
        wheel.advance(2 * TimerWheel.TICK_NANOS + 1, expired::add);
        assertEquals(List.of(), expired);
        // cascaded into the due list: the earliest exact deadline
        assertEquals(slotEnd - TimerWheel.EXACT_SCAN, wheel.nextDeadline());
    }

    @Test
    void shouldRemoveInConstantTimeAndClearTheSlot() {
        final TimerWheel wheel = new TimerWheel(0);
        final Plain a = new Plain(5_000_000_000L);
        final Plain b = new Plain(5_000_000_000L);
        final Plain c = new Plain(900_000_000_000L);
        wheel.insert(a);
        wheel.insert(b);
        wheel.insert(c);
        wheel.remove(a);
        assertEquals(2, wheel.count());
        wheel.remove(b);
        // a's and b's slot is empty now: the next expiry is c's slot, far later
        assertTrue(wheel.nextDeadline() > 5_000_000_000L);
        wheel.remove(c);
        assertEquals(0, wheel.count());
        assertEquals(Long.MAX_VALUE, wheel.nextDeadline());
    }

    @Test
    void shouldKeepADeadlineBeyondTheRangeUntilItComes() {
        final TimerWheel wheel = new TimerWheel(0);
        final long far = 200L * 24 * 3600 * 1_000_000_000L;
        final Plain t = new Plain(far);
        wheel.insert(t);
        final List<TimerNode> expired = new ArrayList<>();
        long now = 0;
        int steps = 0;
        while (expired.isEmpty()) {
            now = Math.max(now + 1, wheel.nextDeadline());
            wheel.advance(now, expired::add);
            assertTrue(++steps < 1000, "too many wake-ups for one far timer: " + steps);
        }
        assertTrue(now >= far);
        assertEquals(far, now);
    }
}
