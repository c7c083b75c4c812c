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

import java.util.Objects;

/**
 * The outcome of one {@link AsyncTask#poll}: ready with a value, or pending.
 *
 * <p>{@link #pending()} is a shared constant, so a task that is not ready allocates nothing.
 *
 * @param <T> the value type
 */
public final class Poll<T> {
    private static final Poll<?> PENDING = new Poll<>(false, null);

    private final boolean ready;
    private final T value;

    private Poll(boolean ready, T value) {
        this.ready = ready;
        this.value = value;
    }

    /**
     * A ready outcome.
     *
     * @param <T> the result type
     * @param value the result; may be null
     * @return a ready poll holding {@code value}
     */
    public static <T> Poll<T> ready(T value) {
        return new Poll<>(true, value);
    }

    /**
     * The pending outcome: the task has arranged to be woken.
     *
     * @param <T> the result type the task would have produced
     * @return the shared pending poll
     */
    @SuppressWarnings("unchecked")
    public static <T> Poll<T> pending() {
        return (Poll<T>) PENDING;
    }

    /** {@return whether the task is complete} */
    public boolean isReady() {
        return ready;
    }

    /** {@return whether the task is waiting for a wake} */
    public boolean isPending() {
        return !ready;
    }

    /**
     * The result of a ready poll.
     *
     * @return the value passed to {@link #ready(Object)}, possibly null
     * @throws IllegalStateException if pending
     */
    public T value() {
        if (!ready) {
            throw new IllegalStateException("Poll is pending: no value");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Poll<?> p && p.ready == ready && Objects.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return ready ? 31 + Objects.hashCode(value) : 0;
    }

    @Override
    public String toString() {
        return ready ? "Ready(" + value + ")" : "Pending";
    }
}
