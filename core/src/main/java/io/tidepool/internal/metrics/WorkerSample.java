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
 * The figures of one worker read at one moment (each read racily, see {@link WorkerStats}).
 *
 * @param index worker index
 * @param polls tasks run
 * @param steals tasks taken from other workers' deques and inboxes
 * @param stealOperations searches that found something
 * @param parks times the worker went to sleep
 * @param localSchedules tasks pushed on this worker's deque by tasks it ran
 * @param inboxTakes tasks this worker took from any inbox (outside submissions and wakes)
 * @param busyNanos time spent running batches of tasks
 * @param meanPollNanos moving average of the poll time
 * @param longPolls polls over the long-poll threshold
 * @param localQueueDepth tasks in the deque
 * @param inboxDepth tasks in the inbox
 * @param pollHistogram poll-time bucket counts, or null when off
 * @param scheduleLatencyHistogram schedule-latency bucket counts, or null when off
 */
public record WorkerSample(
        int index,
        long polls,
        long steals,
        long stealOperations,
        long parks,
        long localSchedules,
        long inboxTakes,
        long busyNanos,
        long meanPollNanos,
        long longPolls,
        int localQueueDepth,
        int inboxDepth,
        long[] pollHistogram,
        long[] scheduleLatencyHistogram) {}
