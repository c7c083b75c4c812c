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

/**
 * A value that knows how to move between affinities (the Rust {@code thread_aware} crate's
 * trait): when a message carries it from one core to another, the pool calls
 * {@link #relocated} exactly once, on the destination core, before the handler sees the result.
 *
 * <p>An implementation returns a value fit for {@code to}: for example a copy of a buffer
 * allocated on the destination thread (so first-touch places it on the destination's NUMA
 * node), a handle to the destination core's instance of a {@link PerCore} resource, or itself
 * when nothing depends on where it lives ({@link Unaware}). The rule is infectious: a
 * thread-aware type relocates each of its thread-aware fields.
 *
 * <p>{@code from} is {@link Affinity#NONE} when the sender is not a reactor thread; {@code from}
 * equals {@code to} when a core sends to itself (relocation is still called once).
 *
 * @param <T> the type of the relocated value, usually the implementing type itself
 */
@FunctionalInterface
public interface ThreadAware<T> {
    /**
     * Returns this value moved from {@code from} to {@code to}. Called on the destination core's
     * thread, once per transfer; this value is not used afterwards.
     *
     * @param from the affinity of the sender
     * @param to the affinity of the receiving core
     * @return the value to hand to the receiver
     */
    T relocated(Affinity from, Affinity to);
}
