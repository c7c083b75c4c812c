package io.tidepool.internal.worker;

/**
 * The pool's run states, in the order they are reached (a state only ever increases).
 *
 * <pre>
 *   RUNNING --shutdown()--> SHUTDOWN --quiescent--> TIDYING --last worker exits--> TERMINATED
 *      |                        |                      ^
 *      +------shutdownNow()-----+--------> STOP -------+ (workers exit after their current task)
 * </pre>
 */
public final class Lifecycle {
    /** Accepts every task. */
    public static final int RUNNING = 0;
    /** Refuses new external tasks; tasks spawned by running tasks and wakes are still accepted. */
    public static final int SHUTDOWN = 1;
    /** Refuses everything; queued tasks were handed back by shutdownNow; workers are exiting. */
    public static final int STOP = 2;
    /** Quiescent after shutdown: nothing queued, nothing running; workers are exiting. */
    public static final int TIDYING = 3;
    /** Every worker thread has exited. */
    public static final int TERMINATED = 4;

    private Lifecycle() {}

    /**
     * The name of a run state, for messages.
     *
     * @param state a run state
     * @return its name
     */
    public static String name(int state) {
        return switch (state) {
            case RUNNING -> "RUNNING";
            case SHUTDOWN -> "SHUTDOWN";
            case STOP -> "STOP";
            case TIDYING -> "TIDYING";
            case TERMINATED -> "TERMINATED";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
