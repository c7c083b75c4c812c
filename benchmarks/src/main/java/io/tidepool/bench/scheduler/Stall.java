package io.tidepool.bench.scheduler;

/**
 * A busy-wait of a fixed length, tokio's {@code stall()} in its busy-runtime benchmarks.
 *
 * <p>tokio spins on {@code thread::yield_now}; here the spin uses {@link Thread#onSpinWait} so
 * that the stall means the same thing in a platform thread and in a virtual thread (where
 * {@link Thread#yield} would unmount the virtual thread instead).
 */
final class Stall {
    /** Length of one stall: 10 microseconds, as in tokio. */
    static final long NANOS = 10_000;

    private Stall() {
    }

    /** Spins for {@link #NANOS}. */
    static void stall() {
        final long end = System.nanoTime() + NANOS;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }
}
