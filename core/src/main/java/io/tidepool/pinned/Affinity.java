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

import io.tidepool.internal.affinity.Affinities;

/**
 * Where data lives or a thread runs: a CPU and its NUMA node (the {@code MemoryAffinity} of the
 * Rust {@code thread_aware} crate). {@link ThreadAware#relocated} receives the affinity a value
 * leaves and the one it goes to.
 *
 * @param cpu the CPU number, or -1 for a thread with no core (not a reactor thread)
 * @param numaNode the NUMA node of the CPU: 0 on a machine with a single node, -1 if unknown or
 *     for a thread with no core
 */
public record Affinity(int cpu, int numaNode) {
    /** The affinity of a thread that is not a reactor: no CPU, no node. */
    public static final Affinity NONE = new Affinity(-1, -1);

    /**
     * The affinity of {@code cpu}, with its NUMA node read from
     * {@code /sys/devices/system/cpu/cpuN/nodeM} when the machine has several nodes.
     *
     * @param cpu a CPU number, {@code >= 0}
     * @return the affinity
     * @throws IllegalArgumentException if {@code cpu} is negative
     */
    public static Affinity of(int cpu) {
        if (cpu < 0) {
            throw new IllegalArgumentException("cpu must be >= 0: " + cpu);
        }
        return new Affinity(cpu, Affinities.backend().numaNode(cpu));
    }

    /** {@return whether this is the affinity of a reactor core (a CPU is known)} */
    public boolean hasCpu() {
        return cpu >= 0;
    }

    /**
     * Whether this and {@code other} share a NUMA node (both known and equal).
     *
     * @param other another affinity
     * @return {@code true} if memory of one is local to the other
     */
    public boolean sameNode(Affinity other) {
        return numaNode >= 0 && numaNode == other.numaNode;
    }
}
