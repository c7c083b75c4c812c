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

package io.tidepool.internal.task;

/** What an {@link AsyncTaskCell} needs from its pool. */
public interface TaskScheduler {
    /**
     * Queues a task that the pool already accepted (a wake of an async task).
     *
     * @param task the cell to run again
     * @return false if the pool has stopped and will never run it
     */
    boolean reschedule(Runnable task);

    /**
     * Called exactly once when a cell reaches COMPLETE or CANCELLED.
     *
     * @param cell the cell that terminated
     */
    void taskTerminated(AsyncTaskCell<?> cell);

    /**
     * Arms a timer on the pool's wheels that runs {@code action} after {@code delayNanos} (a
     * handle's timeout).
     *
     * @param action what to run on the expiring worker; short
     * @param delayNanos the delay
     * @return what disarms the timer, or null if the pool has stopped (and by default: a
     *     scheduler without timers, such as a test's, arms nothing)
     */
    default Runnable armTimeout(Runnable action, long delayNanos) {
        return null;
    }
}
