package io.tidepool.internal.affinity;

import io.tidepool.pinned.CpuSet;

/**
 * The backend of a platform where tidepool cannot pin threads: reports every CPU of the JVM as
 * allowed and refuses to pin, giving the reason.
 */
public final class UnsupportedAffinity implements AffinityBackend {
    private final String reason;

    /**
     * Creates the backend.
     *
     * @param reason why pinning is unavailable, shown in warnings and strict-mode errors
     */
    public UnsupportedAffinity(String reason) {
        this.reason = reason;
    }

    @Override
    public String name() {
        return "unsupported";
    }

    @Override
    public String unsupportedReason() {
        return reason;
    }

    @Override
    public CpuSet processAllowed() {
        return CpuSet.range(0, Runtime.getRuntime().availableProcessors() - 1);
    }

    @Override
    public CpuSet present() {
        return processAllowed();
    }

    @Override
    public void pinCurrentThread(CpuSet cpus) {
        throw new AffinityException("cannot pin threads: " + reason);
    }

    @Override
    public CpuSet currentThreadAllowed() {
        return processAllowed();
    }

    @Override
    public int currentCpu() {
        return -1;
    }

    @Override
    public int numaNode(int cpu) {
        return -1;
    }
}
