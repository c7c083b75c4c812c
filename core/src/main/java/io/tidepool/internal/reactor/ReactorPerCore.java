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

package io.tidepool.internal.reactor;

import io.tidepool.internal.worker.WorkerCore;
import io.tidepool.internal.worker.WorkerThread;
import io.tidepool.pinned.CpuSet;
import io.tidepool.pinned.PerCore;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * {@link PerCore} of a pinned pool: an array indexed by worker index, filled at creation (the
 * final field publishes it). {@code get()} reads the calling thread's core field (one volatile
 * load, which a reactor thread only writes itself) and indexes the array: no lock, no CAS.
 *
 * @param <T> the value type
 */
public final class ReactorPerCore<T> implements PerCore<T> {
    private final Reactors reactors;
    private final Object[] values;

    /**
     * Calls {@code factory} once per CPU, in ascending order, on the calling thread.
     *
     * @param reactors the pool's reactors
     * @param factory creates the value of a CPU; must not return null
     */
    public ReactorPerCore(Reactors reactors, IntFunction<? extends T> factory) {
        this.reactors = reactors;
        final CpuSet cpus = reactors.cpus();
        this.values = new Object[cpus.size()];
        for (int i = 0; i < values.length; i++) {
            final int cpu = cpus.cpu(i);
            values[i] = Objects.requireNonNull(factory.apply(cpu),
                    () -> "perCore factory returned null for CPU " + cpu);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get() {
        final WorkerCore core = WorkerThread.currentCore(reactors.pool());
        if (core == null) {
            throw new IllegalStateException(Thread.currentThread().getName()
                    + " is not a reactor thread of pool " + reactors.pool().config().name());
        }
        return (T) values[core.index];
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int cpu) {
        return (T) values[reactors.indexOf(cpu)];
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(ObjIntConsumer<? super T> action) {
        Objects.requireNonNull(action, "action");
        final CpuSet cpus = reactors.cpus();
        for (int i = 0; i < values.length; i++) {
            action.accept((T) values[i], cpus.cpu(i));
        }
    }

    @Override
    public CpuSet cpus() {
        return reactors.cpus();
    }

    @Override
    public String toString() {
        return "PerCore" + Arrays.toString(values) + " on CPUs " + reactors.cpus();
    }
}
