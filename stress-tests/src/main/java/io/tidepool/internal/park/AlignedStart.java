package io.tidepool.internal.park;

/**
 * Lines up the two sides of a {@code Mode.Termination} test. jcstress calls the signal only
 * after it has seen the actor thread start, usually a millisecond later, by which time the
 * actor would long be parked and the race under test would never happen. Instead the actor
 * spins until the signal begins, and both sides then run their protocol at the same moment.
 * The signal never waits for the actor, so the alignment cannot hide a lost wake-up.
 */
abstract class AlignedStart {
    private volatile boolean started;

    /** Called first by the signal. */
    final void start() {
        started = true;
    }

    /** Called first by the actor: returns once the signal has begun. */
    final void awaitStart() {
        while (!started) {
            Thread.onSpinWait();
        }
    }
}
