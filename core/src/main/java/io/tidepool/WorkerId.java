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
 * Identifies a worker of a pool: an index in {@code 0..poolSize-1}. A worker keeps its id when a
 * blocking section moves it to another thread.
 */
public final class WorkerId implements Comparable<WorkerId> {
    private final int index;

    /**
     * Creates the id of worker {@code index}.
     *
     * @param index the worker index, not negative
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public WorkerId(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("worker index must be >= 0: " + index);
        }
        this.index = index;
    }

    /** {@return the index, {@code 0..poolSize-1}} */
    public int index() {
        return index;
    }

    @Override
    public int compareTo(WorkerId o) {
        return Integer.compare(index, o.index);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorkerId w && w.index == index;
    }

    @Override
    public int hashCode() {
        return index;
    }

    @Override
    public String toString() {
        return "WorkerId(" + index + ")";
    }
}
