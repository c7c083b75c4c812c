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

import java.time.Duration;

/**
 * How an idle worker waits for work: the SPI behind {@link ThreadPoolBuilder#customPark}.
 *
 * <p>A pool creates one {@code Park} per worker. The worker's identity and queues can move to
 * another thread (a blocking section hands them to a backup thread), so an implementation must
 * let whichever thread currently runs the worker call {@link #park}; it must not capture the
 * thread that created it.
 *
 * <p>Contract: {@link #park} and {@link #park(Duration)} may return spuriously (the worker
 * re-checks its condition), but an {@link Unpark#unpark()} that happens before or during a park
 * must make that park, or the next one, return promptly: no wake-up may be lost. Both methods
 * should return promptly when the calling thread is interrupted.
 */
public interface Park {
    /** Blocks the calling thread until unparked, interrupted, or spuriously woken. */
    void park();

    /**
     * Like {@link #park()}, but returns after at most {@code timeout}.
     *
     * @param timeout the longest wait; zero or negative returns at once
     */
    void park(Duration timeout);

    /**
     * {@return the handle other threads use to wake this park; thread-safe and stable for its
     * lifetime}
     */
    Unpark unparker();

    /**
     * Releases what this park holds (a selector, a file descriptor). The pool calls it exactly
     * once, after it terminated: on the last of its threads to exit, after every worker stopped
     * parking and before the pool reports itself terminated ({@code awaitTermination} returns
     * after every park was closed). An exception it throws goes to the pool's
     * uncaught-exception handler and does not keep the other parks from being closed. The
     * default does nothing.
     */
    default void close() {}
}
