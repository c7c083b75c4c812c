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

import java.util.function.BooleanSupplier;

/**
 * What a submission from outside the pool does when the pool's bound ({@code maxQueued}) left
 * no room for it: the seam through which the public {@code RejectionHandler} plugs into the
 * worker layer. Called on the submitting thread, only on that slow path.
 */
@FunctionalInterface
public interface Overflow {
    /**
     * Handles a submission that found no room. Returns normally once the task was queued, run
     * or handed on; otherwise throws.
     *
     * @param pool the pool that refused the task ({@link Pool#lvFacade()} is its public object)
     * @param task the user's task as submitted (not a decorator's wrapper)
     * @param retry offers the task again exactly as it was first queued (decorated once, on the
     *     first attempt): true once it is queued, false while there is still no room; throws
     *     {@code RejectedExecutionException} once the pool no longer accepts it
     */
    void full(Pool pool, Runnable task, BooleanSupplier retry);
}
