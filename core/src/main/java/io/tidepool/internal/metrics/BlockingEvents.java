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

package io.tidepool.internal.metrics;

/**
 * The blocking hand-off and stuck-worker JFR events, for the scheduler package: each method costs
 * one check when {@code jdk.jfr} is missing, and one more when no recording enables the event.
 */
public final class BlockingEvents {
    private BlockingEvents() {}

    /**
     * Begins a hand-off event.
     *
     * @param pool the pool's name
     * @param worker the index of the worker handed off
     * @param receiver the name of the thread that received it
     * @return a token for {@link #endHandOff}, or null when no recording wants the event
     */
    public static Object beginHandOff(String pool, int worker, String receiver) {
        return JfrSupport.AVAILABLE ? JfrEvents.beginHandOff(pool, worker, receiver) : null;
    }

    /**
     * Ends and commits the event begun by {@link #beginHandOff}, at the end of the section.
     *
     * @param token what {@link #beginHandOff} returned; null does nothing
     */
    public static void endHandOff(Object token) {
        if (token != null) {
            JfrEvents.endHandOff(token);
        }
    }

    /**
     * Commits a detection event, if a recording enables it.
     *
     * @param pool the pool's name
     * @param worker the index of the stuck worker
     * @param thread the stuck thread's name
     * @param taskClass the stuck task's class
     * @param task the stuck task's description
     * @param blockedFor how long it had been seen in the task, in nanoseconds
     * @param retaken whether its worker was handed to a backup thread
     * @param stackTrace the stuck thread's stack, one frame a line
     */
    public static void detected(String pool, int worker, String thread, Class<?> taskClass,
            String task, long blockedFor, boolean retaken, String stackTrace) {
        if (JfrSupport.AVAILABLE) {
            JfrEvents.detected(pool, worker, thread, taskClass, task, blockedFor, retaken,
                    stackTrace);
        }
    }
}
