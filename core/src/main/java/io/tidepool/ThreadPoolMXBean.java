package io.tidepool;

/**
 * The management interface of a {@link ThreadPool} built with
 * {@link ThreadPool.Builder#jmx(boolean) jmx(true)}, registered in the platform MBean server as
 * {@code io.tidepool:type=ThreadPool,name=<pool name>} while the pool runs. Read-only: every
 * attribute reads a fresh {@link ThreadPool#metrics()} snapshot; the meanings are those of
 * {@link PoolMetrics} and {@link WorkerMetrics}. Per-worker arrays are indexed by worker index.
 */
public interface ThreadPoolMXBean {
    /** {@link PoolMetrics#poolName()}. */
    String getName();

    /** {@link PoolMetrics#state()}. */
    String getState();

    /** The one-line summary of {@link ThreadPool#toString()}. */
    String getSummary();

    /** {@link PoolMetrics#numWorkers()}. */
    int getPoolSize();

    /** {@link PoolMetrics#numAliveTasks()}. */
    int getAliveTasks();

    /** {@link PoolMetrics#numUnparkedWorkers()}. */
    int getUnparkedWorkers();

    /** {@link PoolMetrics#numSearchingWorkers()}. */
    int getSearchingWorkers();

    /** {@link PoolMetrics#queuedTasks()}. */
    long getQueuedTasks();

    /** {@link PoolMetrics#localQueueDepth()}. */
    long getLocalQueueDepth();

    /** {@link PoolMetrics#inboxDepth()}. */
    long getInboxDepth();

    /** {@link PoolMetrics#pollCount()}. */
    long getPollCount();

    /** {@link PoolMetrics#stealCount()}. */
    long getStealCount();

    /** {@link PoolMetrics#stealOperations()}. */
    long getStealOperations();

    /** {@link PoolMetrics#parkCount()}. */
    long getParkCount();

    /** {@link PoolMetrics#localScheduleCount()}. */
    long getLocalScheduleCount();

    /** {@link PoolMetrics#remoteScheduleCount()}. */
    long getRemoteScheduleCount();

    /** {@link PoolMetrics#totalBusyDuration()} in nanoseconds. */
    long getTotalBusyTimeNanos();

    /** {@link PoolMetrics#meanPollTime()} in nanoseconds. */
    long getMeanPollTimeNanos();

    /** {@link PoolMetrics#longPollCount()}. */
    long getLongPollCount();

    /** {@link WorkerMetrics#pollCount()} of each worker. */
    long[] getWorkerPollCounts();

    /** {@link WorkerMetrics#stealCount()} of each worker. */
    long[] getWorkerStealCounts();

    /** {@link WorkerMetrics#parkCount()} of each worker. */
    long[] getWorkerParkCounts();

    /** {@link WorkerMetrics#totalBusyDuration()} of each worker, in nanoseconds. */
    long[] getWorkerBusyTimeNanos();

    /** {@link WorkerMetrics#localQueueDepth()} of each worker. */
    int[] getWorkerLocalQueueDepths();

    /** {@link WorkerMetrics#inboxDepth()} of each worker. */
    int[] getWorkerInboxDepths();

    /**
     * Bucket counts of {@link PoolMetrics#pollTimeHistogram()}; empty when the pool has no
     * poll-time histogram. Bucket bounds: {@link #getHistogramBucketLowerBoundsNanos()}.
     */
    long[] getPollTimeHistogram();

    /** Lower bound of each histogram bucket in nanoseconds (bucket {@code i} ends where {@code i+1} starts). */
    long[] getHistogramBucketLowerBoundsNanos();
}
