package io.tidepool.internal.worker;

/**
 * Stress tests of the layers above (internal.handoff) reach a core's owner-only fields through
 * this class: it sits in the worker package, so the fields stay package-private in production.
 */
public final class CoreAccess {
    private CoreAccess() {
    }

    /** A plain write of the core's batch poll count, as its holder makes it. */
    public static void spBatchPolls(WorkerCore core, int value) {
        core.batchPolls = value;
    }
}
