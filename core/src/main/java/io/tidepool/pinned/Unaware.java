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

import java.util.Objects;

/**
 * Wraps a value that does not care where it lives: relocation returns the same wrapper.
 *
 * <pre>{@code
 *   pool.core(1).send(Unaware.of(request), u -> handle(u.value()));
 * }</pre>
 *
 * @param <T> the wrapped type
 * @param value the wrapped value; may be null
 */
public record Unaware<T>(T value) implements ThreadAware<Unaware<T>> {
    /**
     * Wraps {@code value}.
     *
     * @param <T> the wrapped type
     * @param value the value; may be null
     * @return the wrapper
     */
    public static <T> Unaware<T> of(T value) {
        return new Unaware<>(value);
    }

    /** Identity: the wrapped value goes as it is. */
    @Override
    public Unaware<T> relocated(Affinity from, Affinity to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return this;
    }
}
