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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One core's wake protocol, driven by hand as the worker loop drives it (nextExpiry, then
 * prepareToPark, then the park): which pushes wake a parked worker, which wait for the end of
 * its sleep, and what a drain leaves behind. The random backlog wake is off unless a test
 * turns it on, so every unpark counted here is one the rules owe.
 */
class TimerCoreWakeTest {
    private static final long MS = 1_000_000L;
    private static final long HORIZON = 10 * MS;

    private final AtomicInteger unparks = new AtomicInteger();
    private final TimerCore core = new TimerCore(0, unparks::incrementAndGet, true);

    TimerCoreWakeTest() {
        core.horizon(HORIZON);
        core.backlogSample(0);
    }

    /** Parks the worker as TimerTurns does after a turn; returns the end of its sleep. */
    private long park(long now) {
        final long until = core.nextExpiry(now);
        assertTrue(core.prepareToPark(until), "the worker takes another turn instead of parking");
        return until;
    }

    /** A timer cancelled at once, as a request timeout whose request finished. */
    private static TimerWheelTest.Plain cancelled(long deadline) {
        final TimerWheelTest.Plain t = new TimerWheelTest.Plain(deadline);
        assertTrue(t.cancelTimer(TimerNode.CANCELLED));
        return t;
    }

    @Test
    void shouldSleepNoLongerThanTheHorizonAfterATurnThatAppliedMessages() {
        core.submit(cancelled(5_000 * MS), true);
        assertEquals(HORIZON, park(0), "traffic: the sleep ends a horizon after the turn");
        // the next turn finds nothing new: without traffic the worker sleeps until its next
        // deadline, here without a timeout (the wheel is empty)
        core.awake();
        assertEquals(Long.MAX_VALUE, park(HORIZON));
    }

    @Test
    void shouldNotWakeAParkedWorkerForATimerDueAfterItsSleepEnds() {
        core.submit(cancelled(5_000 * MS), true);
        final long until = park(0);
        for (int i = 0; i < 100; i++) {
            core.submit(new TimerWheelTest.Plain(until + i * MS), false);
        }
        assertEquals(0, unparks.get(), "a timer due after the worker wakes anyway needs no wake");
        assertTrue(core.hasMessages());
    }

    @Test
    void shouldNotWakeAWorkerThatTurnsAfterEveryTimeoutOfAChurn() {
        long now = 0;
        park(now);
        for (int i = 0; i < 10_000; i++) {
            final TimerWheelTest.Plain t = new TimerWheelTest.Plain(now + 1_000 * MS + i);
            core.submit(t, false);
            assertTrue(t.cancelTimer(TimerNode.CANCELLED));
            // the fastest worker (an idle machine): a turn and a park after every timeout, each
            // turn draining a cancelled timer and leaving an empty wheel
            core.awake();
            now += 1_000;
            park(now);
        }
        assertEquals(1, unparks.get(),
                "only the first timeout, to a worker asleep without timers or traffic, wakes it");
        assertEquals(10_000, core.loCount(TimerCounts.CANCELLED));
        assertEquals(0, core.lvArmed());
    }

    @Test
    void shouldWakeAParkedWorkerOnceForATimerDueBeforeItsSleepEnds() {
        core.submit(cancelled(5_000 * MS), true);
        final long until = park(0);
        core.submit(new TimerWheelTest.Plain(until - 1), false);
        core.submit(new TimerWheelTest.Plain(until - 2), false);
        assertEquals(1, unparks.get(), "one unpark per sleep, however many early timers");
    }

    @Test
    void shouldWakeAWorkerParkedWithoutTimersForAnyTimer() {
        assertEquals(Long.MAX_VALUE, park(0));
        core.submit(new TimerWheelTest.Plain(100_000 * MS), false);
        assertEquals(1, unparks.get());
    }

    @Test
    void shouldParkOverMessagesDueAfterTheSleepButNotOverAnEarlierOne() {
        core.submit(cancelled(5_000 * MS), true);
        final long until = core.nextExpiry(0);
        // pushed between the turn and the look, by threads that saw the worker awake
        core.submit(new TimerWheelTest.Plain(until + MS), true);
        core.submit(new TimerWheelTest.Plain(until), true);
        assertTrue(core.prepareToPark(until), "both are due when the sleep ends: no turn needed");
        core.awake();
        core.submit(new TimerWheelTest.Plain(until - 1), true);
        assertFalse(core.prepareToPark(until), "a timer due before the sleep ends needs a turn");
    }

    @Test
    void shouldTakeAnotherTurnWhenMoreMessagesWaitThanTheLookReads() {
        core.submit(cancelled(5_000 * MS), true);
        final long until = core.nextExpiry(0);
        // the earliest one deepest, where a bounded look does not reach
        core.submit(new TimerWheelTest.Plain(until - 1), true);
        for (int i = 0; i < TimerCore.PEEK; i++) {
            core.submit(new TimerWheelTest.Plain(until + MS), true);
        }
        assertFalse(core.prepareToPark(until));
    }

    @Test
    void shouldDropTimersCancelledOnTheStackUnlinkedAndCounted() {
        final List<TimerWheelTest.Plain> timers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            final TimerWheelTest.Plain t = new TimerWheelTest.Plain((1_000 + i) * MS);
            timers.add(t);
            core.submit(t, false);
            if (i % 2 == 0) {
                assertTrue(t.cancelTimer(TimerNode.CANCELLED));
            }
        }
        core.nextExpiry(0);
        assertEquals(5, core.lvArmed(), "the live timers reach the wheel");
        assertEquals(5, core.loCount(TimerCounts.CANCELLED));
        assertEquals(5, core.loCount(TimerCounts.ARMED_TOTAL));
        for (TimerWheelTest.Plain t : timers) {
            assertNull(t.stackNext, "a drained timer keeps no link to the stack");
        }
        // the armed ones, cancelled: their removals leave nothing in the wheel
        for (int i = 1; i < timers.size(); i += 2) {
            assertTrue(timers.get(i).cancelTimer(TimerNode.CANCELLED));
        }
        core.nextExpiry(0);
        assertEquals(0, core.lvArmed());
        assertEquals(10, core.loCount(TimerCounts.CANCELLED));
        assertFalse(core.hasMessages());
    }

    @Test
    void shouldKeepSubmissionOrderForTheLiveTimersOfADrain() {
        final List<TimerNode> expired = new ArrayList<>();
        final class Recording extends TimerNode {
            Recording(long deadline) {
                this.deadline = deadline;
            }

            @Override
            protected Runnable expire(long now) {
                expired.add(this);
                return null;
            }
        }
        final List<TimerNode> live = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            final Recording t = new Recording(MS);
            core.submit(t, true);
            if (i % 3 == 1) {
                assertTrue(t.cancelTimer(TimerNode.CANCELLED));
            } else {
                live.add(t);
            }
        }
        core.fire(2 * MS, task -> { });
        assertEquals(live, expired, "equal deadlines expire in submission order");
        assertEquals(4, core.loCount(TimerCounts.FIRED));
        assertEquals(2, core.loCount(TimerCounts.CANCELLED));
    }

    @Test
    void shouldWakeForOnePushInTheBacklogSampleWhenNoTimerNeedsAWake() {
        core.backlogSample(4);
        core.submit(cancelled(5_000 * MS), true);
        park(0);
        int pushes = 0;
        while (unparks.get() == 0 && pushes < 10_000) {
            core.submit(cancelled(5_000 * MS), false);
            pushes++;
        }
        assertEquals(1, unparks.get(), "a sampled push wakes the worker to drain its stack, after "
                + pushes + " pushes");
    }

    @Test
    void shouldWakeForEveryMessageAfterShutdownsSweep() {
        final Timers timers = new Timers(new TimerCore[] {core}, TimerClock.SYSTEM, new Host(), true, true);
        core.horizon(HORIZON);
        timers.shutdown();
        core.submit(cancelled(5_000 * MS), true);
        final long until = park(0);
        assertEquals(HORIZON, until);
        core.submit(new TimerWheelTest.Plain(until + 1_000 * MS), false);
        assertEquals(1, unparks.get(), "after shutdown() a pool waits for its timers: no horizon");
    }

    /** A pool that is running, seen from outside (TimerRoutingTest too). */
    static final class Host implements TimerHost {
        @Override
        public TimerCore currentTimers() {
            return null;
        }

        @Override
        public boolean insidePool() {
            return false;
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isStopped() {
            return false;
        }
    }
}
