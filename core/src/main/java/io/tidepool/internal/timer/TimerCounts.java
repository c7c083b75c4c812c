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

import io.tidepool.internal.metrics.HistogramBuckets;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@link TimerCore}'s counters: timers armed, fired and cancelled, and the lateness
 * histogram. One writer at a time, the core's claim holder, which hands them over with the
 * claim: a write is an opaque store of a plain increment. Any thread reads them (opaque loads),
 * for the metrics.
 */
final class TimerCounts {
    /** Slots: timers armed, fired, cancelled; then the lateness buckets. */
    static final int ARMED_TOTAL = 0;
    static final int FIRED = 1;
    static final int CANCELLED = 2;
    static final int LATENESS = 3;
    static final int SLOTS = LATENESS + HistogramBuckets.COUNT;

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] counts = new long[SLOTS];

    /** Adds one to a slot; the claim holder. */
    void bump(int index) {
        bump(index, 1);
    }

    /** Adds {@code delta} to a slot; the claim holder. */
    void bump(int index, long delta) {
        // opaque store of a plain increment: one writer at a time (the claim holder)
        COUNTS.setOpaque(counts, index, (long) COUNTS.get(counts, index) + delta);
    }

    /** Counts a timer that expired {@code lateNanos} after its deadline; the claim holder. */
    void fired(long lateNanos) {
        bump(FIRED);
        bump(LATENESS + HistogramBuckets.indexOf(Math.max(0, lateNanos)));
    }

    /** {@return a slot's value} Opaque load, any thread. */
    long lo(int index) {
        return (long) COUNTS.getOpaque(counts, index);
    }
}
