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
 * What a poll of an {@link AsyncTask} can see of its task. Valid during the poll; the
 * {@link #waker()} stays valid for the life of the task and may be stored and called later from
 * any thread.
 */
public interface TaskContext {
    /** {@return the waker of the task being polled; always the same object for one task} */
    Waker waker();

    /**
     * {@return whether {@link TaskHandle#cancel} was called} If so, the task will not be polled
     * again.
     */
    boolean isCancelled();
}
