package io.tidepool.internal.affinity;

/** A thread could not be pinned: the backend is unsupported here or the system refused. */
public final class AffinityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the thread, the CPUs and the system's answer
     */
    public AffinityException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what failed
     * @param cause the underlying failure
     */
    public AffinityException(String message, Throwable cause) {
        super(message, cause);
    }
}
