package io.tidepool.internal.park;

import io.tidepool.Park;
import java.util.function.Consumer;
import java.util.function.Function;

/** Closes a terminated pool's parks ({@link Park#close()}), each once, whatever one throws. */
public final class Parks {
    private Parks() {}

    /**
     * Calls {@link Park#close()} on the park of every worker, in worker order. Called once, by
     * the thread that terminated the pool; a throwing close is handed to {@code failed} and the
     * next park is still closed.
     *
     * @param <W> the worker type
     * @param workers the pool's workers, one park each
     * @param parkOf the park of a worker
     * @param failed receives what a close threw
     */
    public static <W> void closeAll(W[] workers, Function<W, Park> parkOf, Consumer<Throwable> failed) {
        for (W worker : workers) {
            try {
                parkOf.apply(worker).close();
            } catch (Throwable t) {
                failed.accept(t);
            }
        }
    }
}
