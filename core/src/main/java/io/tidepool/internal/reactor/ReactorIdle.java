package io.tidepool.internal.reactor;

/**
 * How a reactor waits between loop turns: tidepool's own {@link BackoffIdle} by default, or an
 * adapted Agrona strategy ({@link AgronaIdle}) when the user chose one. One instance per
 * reactor, used by that reactor's thread only; at most these two implementations exist, so the
 * call in the reactor loop stays bimorphic.
 */
public interface ReactorIdle {
    /**
     * Called at the end of every loop turn with the work it did.
     *
     * @param workCount the messages, tasks and poller calls of the turn; greater than zero
     *     resets the strategy, zero idles one step (spin, yield or park, as the strategy says)
     */
    void idle(int workCount);

    /**
     * {@return whether {@link #idle(int)} may park the thread; a reactor whose strategy never
     * parks needs no wake-up from submitters}
     */
    boolean mayPark();
}
