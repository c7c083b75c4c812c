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

package io.tidepool.internal.affinity;

import io.tidepool.pinned.CpuSet;

/**
 * How tidepool reads and sets the CPU affinity of threads: one small interface so that another
 * backend (a native one, another OS) can be added beside {@link LinuxAffinity} later.
 *
 * <p>All methods act on the calling thread or the whole process and are thread-safe.
 */
public interface AffinityBackend {
    /** {@return a short name for messages, e.g. {@code "linux-taskset"}} */
    String name();

    /**
     * Why this backend cannot pin threads, or null if it can.
     *
     * @return the reason pinning is unavailable, or null
     */
    String unsupportedReason();

    /** {@return the CPUs this process may run on} */
    CpuSet processAllowed();

    /** {@return the CPUs present in the machine (online or not)} */
    CpuSet present();

    /**
     * Restricts the calling thread to {@code cpus}.
     *
     * @param cpus the CPUs the thread may run on; not empty
     * @throws AffinityException if the backend cannot pin or the system refused
     */
    void pinCurrentThread(CpuSet cpus);

    /** {@return the CPUs the calling thread may run on} */
    CpuSet currentThreadAllowed();

    /** {@return the CPU the calling thread runs on right now, or -1 if unknown} */
    int currentCpu();

    /**
     * The NUMA node of {@code cpu}: 0 on a machine with one node, -1 if unknown.
     *
     * @param cpu a CPU number
     * @return the node number
     */
    int numaNode(int cpu);
}
