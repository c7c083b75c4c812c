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

package io.tidepool.bench.timer;

/**
 * One timer facility under test, as the benchmarks use it: arm a one-shot timer, cancel it, run
 * a task periodically, close. Implementations add no allocation of their own on
 * {@link #schedule} and {@link #cancel}, so that a benchmark's allocation figure is the peer's.
 *
 * <p>Thread-safe as the underlying facility is: every peer accepts timers from any thread.
 */
public abstract class Timers implements AutoCloseable {
    private final TimerKind kind;

    /** A facility of {@code kind}. */
    protected Timers(TimerKind kind) {
        this.kind = kind;
    }

    /** {@return which peer this is} */
    public final TimerKind kind() {
        return kind;
    }

    /**
     * Arms a one-shot timer.
     *
     * @param task what runs at the deadline
     * @param delayNanos the delay from now, in nanoseconds
     * @return the handle to pass to {@link #cancel}
     */
    public abstract Object schedule(Fire task, long delayNanos);

    /**
     * Cancels a timer armed by {@link #schedule}.
     *
     * @param handle what {@link #schedule} returned
     * @return true if this call cancelled it before it fired
     */
    public abstract boolean cancel(Object handle);

    /**
     * Runs {@code task} every {@code periodNanos}, first after one period, at a fixed rate.
     *
     * @return the handle to pass to {@link #stopPeriodic}
     */
    public abstract Object startPeriodic(Fire task, long periodNanos);

    /** Stops a periodic task started by {@link #startPeriodic}; it may run once more. */
    public abstract void stopPeriodic(Object handle);

    /**
     * The facility's own count of timers that expired at least {@code nanos} after their
     * deadline, before their tasks ran (tidepool's lateness histogram, at its bucket bounds);
     * -1 if the facility keeps no such figure.
     *
     * @param nanos the lateness, rounded up to a bucket bound by the facility
     * @return the count since the facility was created, or -1
     */
    public long expiredLateCount(long nanos) {
        return -1;
    }

    /**
     * Cancels what is still armed and releases the facility's threads (except the JDK's common
     * pool, which is shared and outlives this object).
     *
     * @throws InterruptedException if interrupted while waiting for its threads to end
     */
    @Override
    public abstract void close() throws InterruptedException;
}
