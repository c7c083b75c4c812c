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

import java.util.function.ObjIntConsumer;

/**
 * One value per reactor core of a pinned pool, created by {@code ThreadPool.perCore(factory)}
 * with the factory called once per CPU. {@link #get()} on a reactor thread returns that core's
 * value with no lock and no shared write (an array read indexed by the calling core), so per-core
 * state needs no synchronisation as long as only its own core touches it.
 *
 * <p>The values are created before {@code perCore} returns and published safely; what callers do
 * with them afterwards is their business: {@link #get(int)} and {@link #forEach} from another
 * thread see the values, not necessarily their latest contents.
 *
 * @param <T> the value type
 */
public interface PerCore<T> {
    /**
     * The calling core's value.
     *
     * @return the value of the reactor core running the caller
     * @throws IllegalStateException if the caller is not a reactor thread of this pool (or is in
     *     a blocking section, which has no core)
     */
    T get();

    /**
     * The value of the core pinned to {@code cpu}.
     *
     * @param cpu one of the pool's CPUs
     * @return its value
     * @throws IllegalArgumentException if the pool has no core on {@code cpu}
     */
    T get(int cpu);

    /**
     * Calls {@code action} with each value and its CPU, in ascending CPU order, on the calling
     * thread.
     *
     * @param action receives each value and its CPU
     */
    void forEach(ObjIntConsumer<? super T> action);

    /** {@return the CPUs, one per value} */
    CpuSet cpus();
}
