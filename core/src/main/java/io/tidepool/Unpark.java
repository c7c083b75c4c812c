package io.tidepool;

/** Wakes a {@link Park}. Thread-safe; calling it when nobody is parked leaves a permit. */
@FunctionalInterface
public interface Unpark {
    /** Makes the current or the next {@link Park#park()} of the paired park return. */
    void unpark();
}
