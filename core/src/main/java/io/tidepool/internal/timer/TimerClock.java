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

/**
 * The time of a pool's timers: {@link #SYSTEM} ({@code System.nanoTime()}), or a virtual clock
 * that a test moves ({@link VirtualTime}). Only timers use it; the pool's metrics keep real
 * time. Two implementations, so the call stays bimorphic.
 */
public abstract class TimerClock {
    /** {@code System.nanoTime()}. */
    public static final TimerClock SYSTEM = new TimerClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };

    /** For the two implementations. */
    TimerClock() {}

    /** {@return the time in nanoseconds, from an arbitrary origin; never goes back} */
    public abstract long nanoTime();

    /** {@return whether this clock is virtual: workers then park without a timeout} */
    public boolean isVirtual() {
        return false;
    }

    /**
     * Tells the clock which pool's timers to wake when it moves (virtual clocks only).
     *
     * @param timers the pool's timers
     */
    void attach(Timers timers) {}
}
