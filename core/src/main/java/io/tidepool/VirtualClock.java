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
package io.tidepool;

import io.tidepool.internal.timer.VirtualTime;
import java.time.Duration;
import java.util.Objects;

/**
 * A clock for testing timeout logic without waiting: give it to a pool with
 * {@link ThreadPoolBuilder#virtualClock}, and the pool's timers ({@code schedule}, periodic
 * tasks, async sleeps, task timeouts) follow it instead of {@code System.nanoTime()}. It starts
 * at zero and moves only when {@link #advance} is called; every timer whose deadline the advance
 * reaches fires then, in deadline order per worker. Deterministic: a test that advances by one
 * second sees every timer of up to one second fire, and none later, whatever the machine's load.
 *
 * <p>Thread-safe. One clock serves one pool.
 */
public final class VirtualClock {
    private final VirtualTime time = new VirtualTime();

    /** A clock at zero. */
    public VirtualClock() {}

    /**
     * Moves the clock forward and wakes the workers whose timers are due. Returns once they
     * have been woken, not once the timers' tasks have run: wait for those as for any task.
     *
     * @param d how far, not negative
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public void advance(Duration d) {
        Objects.requireNonNull(d, "d");
        if (d.isNegative()) {
            throw new IllegalArgumentException("must not be negative: d=" + d);
        }
        time.advance(saturatedNanos(d));
    }

    /** {@return the time since the clock was made, as advanced} */
    public Duration elapsed() {
        return Duration.ofNanos(time.nanoTime());
    }

    /** {@return the time in nanoseconds since the clock was made, as advanced} */
    public long nanoTime() {
        return time.nanoTime();
    }

    /** {@return whether a pool uses this clock} */
    boolean inUse() {
        return time.attached();
    }

    VirtualTime time() {
        return time;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "VirtualClock[" + elapsed() + "]";
    }
}
