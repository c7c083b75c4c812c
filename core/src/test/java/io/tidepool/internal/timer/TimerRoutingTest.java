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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Where a timer from outside the pool goes ({@code Timers.submitFromOutside}): a near one to a
 * parked worker when one of two random choices is parked, a far one (due beyond the horizon) to
 * the calling thread's own core whatever its worker does; and what a far one on a running
 * worker owes the parked ones. Two cores driven by hand on the system clock, the random backlog
 * wake off, so every unpark counted is one the rules owe.
 */
class TimerRoutingTest {
    private static final long FAR = TimeUnit.SECONDS.toNanos(5);
    private static final long NEAR = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicInteger[] unparks = {new AtomicInteger(), new AtomicInteger()};
    private final TimerCore[] cores = new TimerCore[2];
    private final Timers timers;
    /** The core of the test thread's far timers, and the other one. */
    private final int own;
    private final int other;

    TimerRoutingTest() {
        final long origin = TimerClock.SYSTEM.nanoTime();
        for (int i = 0; i < cores.length; i++) {
            cores[i] = new TimerCore(origin, unparks[i]::incrementAndGet, true);
            cores[i].backlogSample(0);
        }
        timers = new Timers(cores, TimerClock.SYSTEM, new TimerCoreWakeTest.Host(), true, false);
        @SuppressWarnings("deprecation")
        final int id = (int) Thread.currentThread().getId();
        own = Timers.stickyIndex(id, cores.length);
        other = 1 - own;
    }

    /** Parks core {@code i}'s worker without a timeout, as one with no timer does. */
    private void parkForGood(int i) {
        final TimerCore c = cores[i];
        assertEquals(Long.MAX_VALUE, c.nextExpiry(timers.now()));
        assertTrue(c.prepareToPark(Long.MAX_VALUE));
    }

    private ScheduledTask<Object> schedule(long delayNanos) {
        final ScheduledTask<Object> t = timers.schedule((Runnable) () -> { }, delayNanos);
        assertNotNull(t, "the timer was refused");
        return t;
    }

    /** Parks core {@code i}'s worker until {@code until}, as one with timer traffic does. */
    private void parkUntil(int i, long until) {
        final TimerCore c = cores[i];
        c.nextExpiry(timers.now());
        assertTrue(c.prepareToPark(until));
    }

    @Test
    void shouldSendAThreadsFarTimersToItsOwnCoreAndWakeNobody() {
        // both workers parked until a horizon from now, as under a churn of timeouts
        final long until = timers.now() + TimerCore.HORIZON_NANOS;
        parkUntil(own, until);
        parkUntil(other, until);
        for (int i = 0; i < 64; i++) {
            schedule(FAR + i);
        }
        // two random choices between two parked workers would have left none of 64 on one core
        // with a chance of 2^-64
        assertFalse(cores[other].hasMessages(), "a far timer went to another thread's core");
        assertTrue(cores[own].hasMessages(), "the far timers are on the own core");
        assertEquals(0, unparks[own].get() + unparks[other].get(), "a far timer wakes nobody");
    }

    @Test
    void shouldSendAFarTimerToItsOwnCoreEvenWhileThatWorkerRunsAndWakeAParkedOneToWatchIt() {
        // cores[own] runs (its wake word says awake); the other worker sleeps without a timeout
        parkForGood(other);
        schedule(FAR);
        assertTrue(cores[own].hasMessages(), "the far timer stays on the thread's own core");
        assertFalse(cores[other].hasMessages());
        // the running worker may be in a long task: the parked one must be awake by the
        // deadline plus the grace, and it would sleep for good
        assertEquals(1, unparks[other].get(), "the parked worker is woken to watch the running one");
    }

    @Test
    void shouldSendNearTimersToAParkedWorkerRatherThanTheRunningOwnCore() {
        // cores[own] runs; the other worker sleeps until before the timers' deadlines (so they
        // do not wake it, and it stays parked): each timer's two choices find it
        parkUntil(other, timers.now() + NEAR / 2);
        for (int i = 0; i < 16; i++) {
            schedule(NEAR);
        }
        assertFalse(cores[own].hasMessages(), "a near timer went to the running worker");
        assertTrue(cores[other].hasMessages());
        assertEquals(0, unparks[own].get() + unparks[other].get());
    }

    @Test
    void shouldNotWakeAWorkerThatParkedBesideARunningOneForAFarTimer() {
        // the other worker parks as TimerTurns does beside a running worker: a help turn on its
        // core, then a sleep until what the turn returned plus the grace
        final long now = timers.now();
        final long look = cores[own].helpTurn(now, now - TimerCore.HELP_GRACE_NANOS, task -> { });
        assertEquals(now + TimerCore.HORIZON_NANOS, look,
                "beside a running worker, a helper looks again within a horizon");
        final long until = look + TimerCore.HELP_GRACE_NANOS;
        assertEquals(Long.MAX_VALUE, cores[other].nextExpiry(now));
        assertTrue(cores[other].prepareToPark(until));
        final ScheduledTask<Object> t = schedule(FAR);
        assertTrue(cores[own].hasMessages(), "the far timer stays on the running worker's core");
        assertTrue(until <= t.deadlineNanos() + TimerCore.HELP_GRACE_NANOS,
                "the helper is back before the far deadline plus the grace");
        assertEquals(0, unparks[other].get(), "a far timer needs no wake of the helper");
    }

    @Test
    void shouldTellWhetherTheWorkerAFarTimerWentToIsAwake() {
        final TimerCore c = cores[own];
        assertEquals(TimerCore.ACCEPTED_RUNNING, c.submitFromOutside(new TimerWheelTest.Plain(timers.now() + FAR)));
        c.nextExpiry(timers.now());
        final long until = timers.now() + TimerCore.HORIZON_NANOS;
        assertTrue(c.prepareToPark(until));
        assertEquals(TimerCore.ACCEPTED, c.submitFromOutside(new TimerWheelTest.Plain(until + 1)),
                "a parked worker awake by the deadline");
        assertEquals(TimerCore.ACCEPTED_RUNNING, c.submitFromOutside(new TimerWheelTest.Plain(until - 1)),
                "a worker woken for the timer is awake: it may run a task before its next turn");
        timers.close();
        assertEquals(TimerCore.REFUSED, c.submitFromOutside(new TimerWheelTest.Plain(until)));
    }

    @Test
    void shouldSpreadThreadsStartedTogetherOverTheCores() {
        for (int n = 2; n <= 8; n++) {
            final boolean[] hit = new boolean[n];
            for (int id = 1000; id < 1000 + 2 * n; id++) {
                final int i = Timers.stickyIndex(id, n);
                assertTrue(i >= 0 && i < n, "index " + i + " of " + n);
                hit[i] = true;
            }
            for (int i = 0; i < n; i++) {
                assertTrue(hit[i], "no thread of 2n consecutive ids on core " + i + " of " + n);
            }
        }
    }
}
