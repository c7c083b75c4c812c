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

import io.tidepool.internal.metrics.HistogramBuckets;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/** The {@link ThreadPoolMXBean} of one pool: every getter reads a fresh snapshot. */
final class PoolMXBeanAdapter implements ThreadPoolMXBean {
    private final ThreadPool pool;

    PoolMXBeanAdapter(ThreadPool pool) {
        this.pool = pool;
    }

    private PoolMetrics m() {
        return pool.metrics();
    }

    @Override
    public String getName() {
        return pool.name();
    }

    @Override
    public String getState() {
        return m().state();
    }

    @Override
    public String getSummary() {
        return m().toString();
    }

    @Override
    public int getPoolSize() {
        return pool.poolSize();
    }

    @Override
    public int getAliveTasks() {
        return m().numAliveTasks();
    }

    @Override
    public int getUnparkedWorkers() {
        return m().numUnparkedWorkers();
    }

    @Override
    public int getSearchingWorkers() {
        return m().numSearchingWorkers();
    }

    @Override
    public long getQueuedTasks() {
        return m().queuedTasks();
    }

    @Override
    public long getLocalQueueDepth() {
        return m().localQueueDepth();
    }

    @Override
    public long getInboxDepth() {
        return m().inboxDepth();
    }

    @Override
    public long getPollCount() {
        return m().pollCount();
    }

    @Override
    public long getStealCount() {
        return m().stealCount();
    }

    @Override
    public long getStealOperations() {
        return m().stealOperations();
    }

    @Override
    public long getParkCount() {
        return m().parkCount();
    }

    @Override
    public long getLocalScheduleCount() {
        return m().localScheduleCount();
    }

    @Override
    public long getRemoteScheduleCount() {
        return m().remoteScheduleCount();
    }

    @Override
    public long getTotalBusyTimeNanos() {
        return m().totalBusyDuration().toNanos();
    }

    @Override
    public long getMeanPollTimeNanos() {
        return m().meanPollTime().toNanos();
    }

    @Override
    public long getLongPollCount() {
        return m().longPollCount();
    }

    @Override
    public int getActiveBlockingSections() {
        return m().numActiveBlockingSections();
    }

    @Override
    public int getBackupThreads() {
        return m().numBackupThreads();
    }

    @Override
    public int getIdleBackupThreads() {
        return m().numIdleBackupThreads();
    }

    @Override
    public long getBlockingHandOffCount() {
        return m().blockingHandOffCount();
    }

    @Override
    public long getBlockingTakeBackCount() {
        return m().blockingTakeBackCount();
    }

    @Override
    public long getBlockingDetectionCount() {
        return m().blockingDetectionCount();
    }

    @Override
    public long getBlockingRetakeCount() {
        return m().blockingRetakeCount();
    }

    @Override
    public int getBlockingThreads() {
        return m().numBlockingThreads();
    }

    @Override
    public int getIdleBlockingThreads() {
        return m().numIdleBlockingThreads();
    }

    @Override
    public int getBlockingQueueDepth() {
        return m().blockingQueueDepth();
    }

    @Override
    public long[] getWorkerPollCounts() {
        return longs(WorkerMetrics::pollCount);
    }

    @Override
    public long[] getWorkerStealCounts() {
        return longs(WorkerMetrics::stealCount);
    }

    @Override
    public long[] getWorkerParkCounts() {
        return longs(WorkerMetrics::parkCount);
    }

    @Override
    public long[] getWorkerBusyTimeNanos() {
        return longs(w -> w.totalBusyDuration().toNanos());
    }

    @Override
    public int[] getWorkerLocalQueueDepths() {
        return ints(WorkerMetrics::localQueueDepth);
    }

    @Override
    public int[] getWorkerInboxDepths() {
        return ints(WorkerMetrics::inboxDepth);
    }

    @Override
    public long[] getPollTimeHistogram() {
        return m().pollTimeHistogram().map(Histogram::counts).orElse(new long[0]);
    }

    @Override
    public long[] getScheduleLatencyHistogram() {
        return m().scheduleLatencyHistogram().map(Histogram::counts).orElse(new long[0]);
    }

    @Override
    public long getTimersArmed() {
        return m().timersArmed();
    }

    @Override
    public long getTimersFiredCount() {
        return m().timersFiredCount();
    }

    @Override
    public long getTimersCancelledCount() {
        return m().timersCancelledCount();
    }

    @Override
    public long[] getTimerLatenessHistogram() {
        return m().timerLatenessHistogram().counts();
    }

    @Override
    public long[] getHistogramBucketLowerBoundsNanos() {
        final long[] bounds = new long[HistogramBuckets.COUNT];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = HistogramBuckets.lowerBoundNanos(i);
        }
        return bounds;
    }

    private long[] longs(ToLongFunction<WorkerMetrics> f) {
        final List<WorkerMetrics> ws = m().workers();
        final long[] out = new long[ws.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsLong(ws.get(i));
        }
        return out;
    }

    private int[] ints(ToIntFunction<WorkerMetrics> f) {
        final List<WorkerMetrics> ws = m().workers();
        final int[] out = new int[ws.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsInt(ws.get(i));
        }
        return out;
    }
}
