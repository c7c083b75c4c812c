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

import io.tidepool.internal.metrics.WorkerSample;
import java.time.Duration;
import java.util.Optional;

/**
 * The figures of one worker at the moment of a {@link ThreadPool#metrics()} snapshot. Names
 * follow tokio's {@code RuntimeMetrics} ({@code worker_poll_count} is {@link #pollCount()}, and
 * so on). Counters only grow; each was read separately, so two counters of one snapshot need not
 * agree to the last task. Immutable.
 */
public final class WorkerMetrics {
    private final WorkerSample s;
    private final Histogram pollTimes;
    private final Histogram scheduleLatencies;

    WorkerMetrics(WorkerSample s) {
        this.s = s;
        this.pollTimes = s.pollHistogram() == null ? null : new Histogram(s.pollHistogram());
        this.scheduleLatencies = s.scheduleLatencyHistogram() == null
                ? null : new Histogram(s.scheduleLatencyHistogram());
    }

    /** {@return the worker's index, 0..poolSize-1 (as {@link WorkerId#index()})} */
    public int index() {
        return s.index();
    }

    /**
     * {@return the tasks this worker ran to the end of a poll: {@code Runnable}s and polls of async
     * tasks} Published per batch, as {@link #totalBusyDuration()}: a busy worker's count lags by
     * up to about 64 tasks; a worker that ran out of work (searching, spinning or parked) or
     * exited has published every poll, so a quiescent pool's count is exact.
     */
    public long pollCount() {
        return s.polls();
    }

    /** {@return the tasks this worker took from other workers' deques and inboxes} */
    public long stealCount() {
        return s.steals();
    }

    /**
     * {@return the searches of this worker that found work on another worker (each moves one or
     * more)}
     */
    public long stealOperations() {
        return s.stealOperations();
    }

    /** {@return the times this worker went to sleep for lack of work} */
    public long parkCount() {
        return s.parks();
    }

    /**
     * {@return the tasks pushed on this worker's deque by tasks it ran: spawns from inside the pool
     * and wakes of async tasks on this worker's thread}
     */
    public long localScheduleCount() {
        return s.localSchedules();
    }

    /**
     * {@return the tasks this worker took from inboxes (its own or, stealing, another's): outside
     * submissions and wakes from outside threads; in pinned-core mode also the messages its core
     * ran} The pool-wide sum is
     * {@link PoolMetrics#remoteScheduleCount()}.
     */
    public long inboxTakeCount() {
        return s.inboxTakes();
    }

    /** {@return the tasks in this worker's deque (a racy size read)} */
    public int localQueueDepth() {
        return s.localQueueDepth();
    }

    /**
     * {@return the tasks in this worker's inbox, submitted from outside and not yet taken; in
     * pinned-core mode plus the messages queued for its core}
     */
    public int inboxDepth() {
        return s.inboxDepth();
    }

    /**
     * {@return the time this worker spent running batches of tasks} A batch runs from the first
     * task the worker found to the moment its own queues ran dry (searching, spinning and sleeping
     * are not busy). Measured per batch, so it lags a busy worker by up to about 64 tasks (61 on a
     * worker, 64 plus one loop turn's on a pinned reactor) or the task it is running.
     */
    public Duration totalBusyDuration() {
        return Duration.ofNanos(s.busyNanos());
    }

    /**
     * {@return the exponentially weighted moving average of the time per task} Computed from batch
     * lengths (as tokio's {@code worker_mean_poll_time}), so it includes the queue operations
     * between tasks. Zero before the first batch is measured.
     */
    public Duration meanPollTime() {
        return Duration.ofNanos(s.meanPollNanos());
    }

    /**
     * {@return the polls that took at least the builder's
     * {@link ThreadPoolBuilder#longPollThreshold long-poll threshold}} Always 0 without one.
     */
    public long longPollCount() {
        return s.longPolls();
    }

    /** {@return this worker's poll-time histogram, if the pool was built with one} */
    public Optional<Histogram> pollTimeHistogram() {
        return Optional.ofNullable(pollTimes);
    }

    /**
     * {@return this worker's schedule-latency histogram, if the pool was built with one} Each
     * task this worker started counts once: the time from its submission ({@code execute},
     * {@code spawn}), or for an {@link AsyncTask} from each wake that queued it, to the start of
     * its run on this worker. See {@link ThreadPoolBuilder#scheduleLatencyHistogram}.
     */
    public Optional<Histogram> scheduleLatencyHistogram() {
        return Optional.ofNullable(scheduleLatencies);
    }

    @Override
    public String toString() {
        return "[worker " + index() + ", polls = " + pollCount() + ", steals = " + stealCount()
                + " (" + stealOperations() + " ops), parks = " + parkCount()
                + ", local schedules = " + localScheduleCount()
                + ", inbox takes = " + inboxTakeCount()
                + ", queued = " + localQueueDepth() + " + " + inboxDepth()
                + ", busy = " + totalBusyDuration()
                + ", mean poll = " + meanPollTime() + "]";
    }
}
