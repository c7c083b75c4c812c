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


package io.tidepool.internal.worker;

import java.util.concurrent.locks.LockSupport;

/**
 * What a thread does when its worker's {@code Park.park()} (user code with a custom park)
 * throws: the first throw of a run is reported, later ones of the same run are not, and the
 * thread backs off in a timed park of its own, 2 us doubling up to {@link #MAX_BACKOFF_NANOS},
 * before it looks at its sleep state again. Without this, a park that throws every time made its
 * worker spin at full speed reporting each throw. A park that returns normally ends the run.
 * {@code WorkerBody} backs off the same way when the worker loop itself throws.
 *
 * <p>While it backs off, a worker is woken by {@code LockSupport.unpark} of its thread (STOP
 * does that) or at the end of the backoff, not by the custom {@code Unpark}, which may signal
 * something else: a wake reaches such a worker within {@link #MAX_BACKOFF_NANOS}. One per
 * worker loop, used by its thread only.
 */
public final class ParkBackoff {
    /** The longest backoff after a throwing park: 10 ms. */
    public static final long MAX_BACKOFF_NANOS = 10_000_000L;
    private static final long FIRST_BACKOFF_NANOS = 2_000L;

    private final TaskRunner runner;
    /** Throws since the last park that returned normally. Plain: one thread. */
    private int failures;

    /**
     * Backoff for the loops of {@code runner}'s pool.
     *
     * @param runner where the first throw of a run is reported
     */
    public ParkBackoff(TaskRunner runner) {
        this.runner = runner;
    }

    /** A park returned normally: the next throw starts a new run (and is reported). */
    public void succeeded() {
        failures = 0;
    }

    /**
     * A park threw {@code t} on {@code thread}: reports it if it is the first of its run, then
     * backs off.
     *
     * @param thread the calling thread
     * @param t what the park threw
     */
    public void failed(Thread thread, Throwable t) {
        final int n = failures;
        if (n == 0) {
            runner.reportUncaught(thread, t);
        }
        if (n < Integer.MAX_VALUE) {
            failures = n + 1;
        }
        LockSupport.parkNanos(this, Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(n, 20)));
    }
}
