/*
 * Copyright 2026 the tidepool authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

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
