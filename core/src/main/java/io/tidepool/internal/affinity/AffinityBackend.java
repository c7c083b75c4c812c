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
