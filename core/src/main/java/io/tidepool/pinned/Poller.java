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

package io.tidepool.pinned;

import java.time.Duration;

/**
 * A function a reactor core calls repeatedly, SPDK's poller: registered with
 * {@link CoreExecutor#poller}, it runs on that core's thread, interleaved with the core's
 * messages and tasks, until closed.
 *
 * <h2>Timing</h2>
 * An interval of zero calls the function on every turn of the core's loop. A positive interval
 * calls it when its deadline ({@code System.nanoTime()} based, so nanosecond resolution; the
 * first one interval after registration) has passed, then moves the deadline on by one interval;
 * a poller that fell more than one interval behind skips the missed calls instead of bursting.
 * A call is late by at most one loop turn plus the idle strategy's longest park (the default
 * backoff strategy parks at most 100 µs); a busy-spin strategy gives microsecond precision.
 *
 * <h2>Work count</h2>
 * The function returns how much work it did (0 for none; negative counts as 0). The core adds
 * the counts of its messages, tasks and pollers each turn and passes the sum to the pool's
 * Agrona {@code IdleStrategy}: a turn with no work lets the core spin, yield or park.
 *
 * <h2>Exceptions</h2>
 * A function that throws is reported to the pool's uncaught-exception handler and keeps running:
 * a poller is a long-lived device loop, and one bad completion should not silently stop it. A
 * function that wants to stop calls {@link #close()} on its own handle.
 *
 * <h2>Control</h2>
 * {@link #pause()}, {@link #resume()} and {@link #close()} may be called from any thread. They
 * take effect on the core's next turn: once any message sent to the core after the call has run,
 * the new state is in force (a call already under way finishes). Called on the poller's own core
 * (from inside a poll function, say), they take effect at once. A poller never blocks its core
 * with a blocking hand-off: {@code Blocking.blocking} inside a poll function runs inline.
 * {@code shutdown()} and {@code shutdownNow()} of the pool close every poller.
 */
public interface Poller extends AutoCloseable {
    /** The body of a poller. */
    @FunctionalInterface
    interface Function {
        /**
         * Does one round of polling.
         *
         * @return how much work was done, 0 for none
         * @throws Exception reported to the pool's uncaught-exception handler; the poller stays
         */
        int poll() throws Exception;
    }

    /** {@return the name given at registration} */
    String name();

    /** {@return the CPU of the core the poller runs on} */
    int cpu();

    /** {@return the interval between calls; zero means every loop turn} */
    Duration interval();

    /** Stops calling the function until {@link #resume()}; no effect on a closed poller. */
    void pause();

    /** Calls the function again after {@link #pause()}; no effect on a closed poller. */
    void resume();

    /** {@return whether the poller is paused (and not closed)} */
    boolean isPaused();

    /** Stops the poller for good (SPDK's stop); idempotent. */
    @Override
    void close();

    /** {@return whether the poller was closed, by {@link #close()} or by the pool's shutdown} */
    boolean isClosed();
}
