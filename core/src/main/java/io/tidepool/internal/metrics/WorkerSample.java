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
