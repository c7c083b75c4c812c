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
 * The figures of a pool read at one moment.
 *
 * @param name pool name
 * @param state run state name
 * @param aliveAsyncTasks async tasks spawned and not yet complete or cancelled
 * @param unparked workers not parked
 * @param searching workers counted as searching
 * @param workers per-worker figures, by index
 * @param blocking blocking sections, detection and spawnBlocking figures
 * @param timers the timer wheels' figures
 */
public record PoolSample(
        String name,
        String state,
        int aliveAsyncTasks,
        int unparked,
        int searching,
        WorkerSample[] workers,
        BlockingSample blocking,
        TimerSample timers) {

    /**
     * One line in the spirit of ForkJoinPool's {@code toString}: run state, worker states,
     * queued tasks, and the pool-wide sums of the main counters.
     *
     * @return the summary in square brackets, starting with the pool's name
     */
    public String summary() {
        long local = 0;
        long inbox = 0;
        long polls = 0;
        long steals = 0;
        long parks = 0;
        long localSchedules = 0;
        long remoteSchedules = 0;
        for (WorkerSample w : workers) {
            local += w.localQueueDepth();
            inbox += w.inboxDepth();
            polls += w.polls();
            steals += w.steals();
            parks += w.parks();
            localSchedules += w.localSchedules();
            remoteSchedules += w.inboxTakes();
        }
        return "[" + name + ", " + state
                + ", workers = " + workers.length
                + ", unparked = " + unparked
                + ", searching = " + searching
                + ", queued = " + (local + inbox) + " (local " + local + ", inbox " + inbox + ")"
                + ", alive async tasks = " + aliveAsyncTasks
                + ", polls = " + polls
                + ", steals = " + steals
                + ", parks = " + parks
                + ", local schedules = " + localSchedules
                + ", remote schedules = " + remoteSchedules
                + ", " + blocking.summary()
                + ", " + timers.summary() + "]";
    }
}
