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

/**
 * Reschedules the {@link AsyncTask} it belongs to. Thread-safe; may be called from any thread,
 * any number of times, before, during or after a poll.
 *
 * <p>Each wake leads to at most one further poll: wakes that arrive while the task is already
 * scheduled coalesce, and a wake during a poll makes the pool poll the task once more after the
 * current poll returns pending. A wake after the task completed or was cancelled does nothing.
 * Waking allocates nothing.
 */
@FunctionalInterface
public interface Waker {
    /** Schedules the task to be polled again. */
    void wake();
}
