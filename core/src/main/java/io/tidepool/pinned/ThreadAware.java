package io.tidepool.pinned;

/**
 * A value that knows how to move between affinities (the Rust {@code thread_aware} crate's
 * trait): when a message carries it from one core to another, the pool calls
 * {@link #relocated} exactly once, on the destination core, before the handler sees the result.
 *
 * <p>An implementation returns a value fit for {@code to}: for example a copy of a buffer
 * allocated on the destination thread (so first-touch places it on the destination's NUMA
 * node), a handle to the destination core's instance of a {@link PerCore} resource, or itself
 * when nothing depends on where it lives ({@link Unaware}). The rule is infectious: a
 * thread-aware type relocates each of its thread-aware fields.
 *
 * <p>{@code from} is {@link Affinity#NONE} when the sender is not a reactor thread; {@code from}
 * equals {@code to} when a core sends to itself (relocation is still called once).
 *
 * @param <T> the type of the relocated value, usually the implementing type itself
 */
@FunctionalInterface
public interface ThreadAware<T> {
    /**
     * Returns this value moved from {@code from} to {@code to}. Called on the destination core's
     * thread, once per transfer; this value is not used afterwards.
     *
     * @param from the affinity of the sender
     * @param to the affinity of the receiving core
     * @return the value to hand to the receiver
     */
    T relocated(Affinity from, Affinity to);
}
