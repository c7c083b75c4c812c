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

package io.tidepool.internal.reactor;

import java.util.concurrent.locks.LockSupport;

/**
 * tidepool's default reactor idle strategy: spin, then yield, then park with a doubling period.
 * Needs nothing outside the JDK, so pinned-core mode runs without Agrona.
 *
 * <p>States of an idling reactor, one step per {@code idle(0)}; {@code idle(n > 0)} returns to
 * ACTIVE:
 * <pre>
 *   ACTIVE --idle(0)--> SPINNING: {@code Thread.onSpinWait()}, {@link #SPINS} times
 *          --> YIELDING: {@code Thread.yield()}, {@link #YIELDS} times
 *          --> PARKING: {@code parkNanos(period)}, period from {@link #MIN_PARK_NANOS}
 *              doubling on every park up to {@link #MAX_PARK_NANOS}
 * </pre>
 * The bounds are those the pool used with Agrona's {@code BackoffIdleStrategy} before Agrona
 * became optional (100 spins, 10 yields, 1 µs to 100 µs). Costs: a spin step is a pause
 * instruction (tens of nanoseconds on x86); a yield is a system call that gives the CPU away
 * only if another thread is runnable on it; a park of 1 µs really lasts the kernel's timer slack
 * (50 µs by default on Linux), so the doubling matters little below that and mostly bounds the
 * wake-ups per second of a long-idle reactor (about 10,000 at 100 µs). A submitter's unpark ends
 * a park at once (see {@code ReactorWake}); the period only limits how late a timed poller runs.
 *
 * <p>Not thread-safe: one instance per reactor, used by the thread running it.
 */
final class BackoffIdle implements ReactorIdle {
    /** Spin steps before yielding. */
    static final int SPINS = 100;
    /** Yield steps before parking. */
    static final int YIELDS = 10;
    /** The first park period. */
    static final long MIN_PARK_NANOS = 1_000;
    /** The longest park period. */
    static final long MAX_PARK_NANOS = 100_000;

    static final int ACTIVE = 0;
    static final int SPINNING = 1;
    static final int YIELDING = 2;
    static final int PARKING = 3;

    private int state = ACTIVE;
    /** Steps taken in SPINNING or YIELDING. */
    private int steps;
    /** The period of the next park, in PARKING. */
    private long parkNanos;

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            state = ACTIVE;
            return;
        }
        switch (state) {
            case ACTIVE:
                transitionTo(SPINNING);
                spin();
                break;
            case SPINNING:
                spin();
                break;
            case YIELDING:
                if (++steps > YIELDS) {
                    transitionTo(PARKING);
                    park();
                } else {
                    Thread.yield();
                }
                break;
            default:
                park();
                break;
        }
    }

    @Override
    public boolean mayPark() {
        return true;
    }

    /** {@return the current state, for tests} */
    int state() {
        return state;
    }

    /** {@return the period of the next park, for tests} */
    long nextParkNanos() {
        return parkNanos;
    }

    private void spin() {
        if (++steps > SPINS) {
            transitionTo(YIELDING);
            steps = 1;
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    private void park() {
        LockSupport.parkNanos(parkNanos);
        parkNanos = Math.min(parkNanos * 2, MAX_PARK_NANOS);
    }

    private void transitionTo(int next) {
        state = next;
        steps = 0;
        parkNanos = MIN_PARK_NANOS;
    }
}
