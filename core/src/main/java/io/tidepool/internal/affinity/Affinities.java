package io.tidepool.internal.affinity;

/** The affinity backend of this JVM, detected once. */
public final class Affinities {
    private Affinities() {}

    private static final class Holder {
        static final AffinityBackend BACKEND = LinuxAffinity.detect();
    }

    /** {@return the backend detected for this platform (possibly an unsupported one)} */
    public static AffinityBackend backend() {
        return Holder.BACKEND;
    }
}
