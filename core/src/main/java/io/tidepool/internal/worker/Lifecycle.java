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
final class Lifecycle {
    /** Accepts every task. */
    static final int RUNNING = 0;
    /** Refuses new external tasks; tasks spawned by running tasks and wakes are still accepted. */
    static final int SHUTDOWN = 1;
    /** Refuses everything; queued tasks were handed back by shutdownNow; workers are exiting. */
    static final int STOP = 2;
    /** Quiescent after shutdown: nothing queued, nothing running; workers are exiting. */
    static final int TIDYING = 3;
    /** Every worker thread has exited. */
    static final int TERMINATED = 4;

    private Lifecycle() {}

    static String name(int state) {
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
