package io.tidepool.blocking;

/**
 * A blocking action without a result that may throw a checked exception, for
 * {@link Blocking#run(BlockingRunnable)}.
 *
 * @param <E> the checked exception the action may throw ({@code RuntimeException} when none)
 */
@FunctionalInterface
public interface BlockingRunnable<E extends Exception> {
    /**
     * Runs the action.
     *
     * @throws E if the action fails
     */
    void run() throws E;
}
