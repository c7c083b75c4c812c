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

package io.tidepool;

/**
 * The management interface of a {@link ThreadPool} built with
 * {@link ThreadPoolBuilder#jmx(boolean) jmx(true)}, registered in the platform MBean server as
 * {@code io.tidepool:type=ThreadPool,name=<pool name>} while the pool runs. Read-only: every
 * attribute reads a fresh {@link ThreadPool#metrics()} snapshot; the meanings are those of
 * {@link PoolMetrics} and {@link WorkerMetrics}. Per-worker arrays are indexed by worker index.
 */
public interface ThreadPoolMXBean {
    /** {@return the pool's name, as {@link PoolMetrics#poolName()}} */
    String getName();

    /** {@return the run state, as {@link PoolMetrics#state()}} */
    String getState();

    /** {@return the one-line summary of {@link ThreadPool#toString()}} */
    String getSummary();

    /** {@return the number of workers, as {@link PoolMetrics#numWorkers()}} */
    int getPoolSize();

    /** {@return the number of live async tasks, as {@link PoolMetrics#numAliveTasks()}} */
    int getAliveTasks();

    /** {@return the number of workers not parked, as {@link PoolMetrics#numUnparkedWorkers()}} */
    int getUnparkedWorkers();

    /** {@return the number of searching workers, as {@link PoolMetrics#numSearchingWorkers()}} */
    int getSearchingWorkers();

    /** {@return the tasks queued anywhere in the pool, as {@link PoolMetrics#queuedTasks()}} */
    long getQueuedTasks();

    /** {@return the tasks in all workers' deques, as {@link PoolMetrics#localQueueDepth()}} */
    long getLocalQueueDepth();

    /** {@return the tasks in all inboxes, as {@link PoolMetrics#inboxDepth()}} */
    long getInboxDepth();

    /** {@return the tasks run by all workers, as {@link PoolMetrics#pollCount()}} */
    long getPollCount();

    /** {@return the tasks stolen by all workers, as {@link PoolMetrics#stealCount()}} */
    long getStealCount();

    /**
     * {@return the successful steal operations of all workers,
     * as {@link PoolMetrics#stealOperations()}}
     */
    long getStealOperations();

    /** {@return the times any worker went to sleep, as {@link PoolMetrics#parkCount()}} */
    long getParkCount();

    /**
     * {@return the tasks spawned onto a worker's own deque,
     * as {@link PoolMetrics#localScheduleCount()}}
     */
    long getLocalScheduleCount();

    /**
     * {@return the tasks from outside the pool taken from an inbox,
     * as {@link PoolMetrics#remoteScheduleCount()}}
     */
    long getRemoteScheduleCount();

    /**
     * {@return the busy time summed over workers in nanoseconds,
     * as {@link PoolMetrics#totalBusyDuration()}}
     */
    long getTotalBusyTimeNanos();

    /**
     * {@return the pool-wide mean poll time in nanoseconds, as {@link PoolMetrics#meanPollTime()}}
     */
    long getMeanPollTimeNanos();

    /** {@return the polls over the long-poll threshold, as {@link PoolMetrics#longPollCount()}} */
    long getLongPollCount();

    /** {@return the blocking sections in progress, as {@link PoolMetrics#numActiveBlockingSections()}} */
    int getActiveBlockingSections();

    /** {@return the pool threads without a worker, as {@link PoolMetrics#numBackupThreads()}} */
    int getBackupThreads();

    /** {@return the idle backup threads, as {@link PoolMetrics#numIdleBackupThreads()}} */
    int getIdleBackupThreads();

    /** {@return the blocking hand-offs so far, as {@link PoolMetrics#blockingHandOffCount()}} */
    long getBlockingHandOffCount();

    /** {@return the workers taken back at section ends, as {@link PoolMetrics#blockingTakeBackCount()}} */
    long getBlockingTakeBackCount();

    /** {@return the stuck tasks reported, as {@link PoolMetrics#blockingDetectionCount()}} */
    long getBlockingDetectionCount();

    /** {@return the detections that retook a worker, as {@link PoolMetrics#blockingRetakeCount()}} */
    long getBlockingRetakeCount();

    /** {@return the spawnBlocking threads alive, as {@link PoolMetrics#numBlockingThreads()}} */
    int getBlockingThreads();

    /** {@return the idle spawnBlocking threads, as {@link PoolMetrics#numIdleBlockingThreads()}} */
    int getIdleBlockingThreads();

    /** {@return the queued spawnBlocking jobs, as {@link PoolMetrics#blockingQueueDepth()}} */
    int getBlockingQueueDepth();

    /** {@return the timers in the wheels now, as {@link PoolMetrics#timersArmed()}} */
    long getTimersArmed();

    /** {@return the timers fired, as {@link PoolMetrics#timersFiredCount()}} */
    long getTimersFiredCount();

    /** {@return the timers cancelled, as {@link PoolMetrics#timersCancelledCount()}} */
    long getTimersCancelledCount();

    /**
     * {@return the bucket counts of {@link PoolMetrics#timerLatenessHistogram()}} Same buckets
     * as {@link #getPollTimeHistogram()}.
     */
    long[] getTimerLatenessHistogram();

    /** {@return the {@link WorkerMetrics#pollCount()} of each worker} */
    long[] getWorkerPollCounts();

    /** {@return the {@link WorkerMetrics#stealCount()} of each worker} */
    long[] getWorkerStealCounts();

    /** {@return the {@link WorkerMetrics#parkCount()} of each worker} */
    long[] getWorkerParkCounts();

    /** {@return the {@link WorkerMetrics#totalBusyDuration()} of each worker, in nanoseconds} */
    long[] getWorkerBusyTimeNanos();

    /** {@return the {@link WorkerMetrics#localQueueDepth()} of each worker} */
    int[] getWorkerLocalQueueDepths();

    /** {@return the {@link WorkerMetrics#inboxDepth()} of each worker} */
    int[] getWorkerInboxDepths();

    /**
     * {@return the bucket counts of {@link PoolMetrics#pollTimeHistogram()}} Empty when the pool
     * has no poll-time histogram. Bucket bounds: {@link #getHistogramBucketLowerBoundsNanos()}.
     */
    long[] getPollTimeHistogram();

    /**
     * {@return the bucket counts of {@link PoolMetrics#scheduleLatencyHistogram()}} Empty when the
     * pool has no schedule-latency histogram. Same buckets as {@link #getPollTimeHistogram()}.
     */
    long[] getScheduleLatencyHistogram();

    /**
     * {@return the lower bound of each histogram bucket in nanoseconds} Bucket {@code i} ends
     * where bucket {@code i+1} starts.
     */
    long[] getHistogramBucketLowerBoundsNanos();
}
