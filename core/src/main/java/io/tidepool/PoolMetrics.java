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

import io.tidepool.internal.metrics.PoolSample;
import io.tidepool.internal.metrics.WorkerSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of a pool's figures, from {@link ThreadPool#metrics()}: pool-wide values and one
 * {@link WorkerMetrics} per worker. Names follow tokio's {@code RuntimeMetrics} where the figure
 * is the same ({@code num_workers} is {@link #numWorkers()}, {@code num_alive_tasks} is
 * {@link #numAliveTasks()}, {@code remote_schedule_count} is {@link #remoteScheduleCount()};
 * the pool-wide {@code ...Count()} methods are sums of the per-worker ones).
 *
 * <p>Taking a snapshot never stops or slows a worker: each counter is read on its own (an opaque
 * load of a field only its worker writes), so the snapshot is not an atomic cut of the pool. Two
 * snapshots taken one after the other never see a counter go down. Immutable and thread-safe.
 *
 * <p>tokio's {@code worker_overflow_count} has no counterpart: a tidepool worker's deque grows
 * instead of spilling into a shared queue.
 */
public final class PoolMetrics {
    private final PoolSample s;
    private final List<WorkerMetrics> workers;

    PoolMetrics(PoolSample s) {
        this.s = s;
        final List<WorkerMetrics> list = new ArrayList<>(s.workers().length);
        for (WorkerSample w : s.workers()) {
            list.add(new WorkerMetrics(w));
        }
        this.workers = Collections.unmodifiableList(list);
    }

    /** {@return the pool's name} */
    public String poolName() {
        return s.name();
    }

    /** {@return the run state: RUNNING, SHUTDOWN, STOP, TIDYING or TERMINATED} */
    public String state() {
        return s.state();
    }

    /** {@return the number of workers (the pool size)} */
    public int numWorkers() {
        return workers.size();
    }

    /**
     * {@return the async tasks ({@link ThreadPool#spawn(AsyncTask)}) spawned and not yet complete,
     * failed or cancelled, pending ones included} Plain {@code Runnable}s are not tracked once
     * queued; see {@link #queuedTasks()} for them.
     */
    public int numAliveTasks() {
        return s.aliveAsyncTasks();
    }

    /** {@return the workers not parked: running a task, searching or spinning} */
    public int numUnparkedWorkers() {
        return s.unparked();
    }

    /** {@return the workers counted as searching for work to steal} */
    public int numSearchingWorkers() {
        return s.searching();
    }

    /** {@return the per-worker figures, by index (unmodifiable)} */
    public List<WorkerMetrics> workers() {
        return workers;
    }

    /**
     * The figures of worker {@code index}.
     *
     * @param index the worker's index, as {@link WorkerId#index()}
     * @return the figures of that worker
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < numWorkers()}
     */
    public WorkerMetrics worker(int index) {
        return workers.get(index);
    }

    /** {@return the tasks run by all workers} */
    public long pollCount() {
        long n = 0;
        for (WorkerMetrics w : workers) {
            n += w.pollCount();
        }
        return n;
    }

    /** {@return the tasks stolen, by all workers} */
    public long stealCount() {
        long n = 0;
        for (WorkerMetrics w : workers) {
            n += w.stealCount();
        }
        return n;
    }

    /** {@return the successful steal operations of all workers} */
    public long stealOperations() {
        long n = 0;
        for (WorkerMetrics w : workers) {
            n += w.stealOperations();
        }
        return n;
    }

    /** {@return the times any worker went to sleep} */
    public long parkCount() {
        long n = 0;
        for (WorkerMetrics w : workers) {
            n += w.parkCount();
        }
        return n;
    }

    /** {@return the tasks spawned from inside the pool onto a worker's own deque} */
    public long localScheduleCount() {
        long n = 0;
        for (WorkerMetrics w : workers) {
            n += w.localScheduleCount();
        }
        return n;
    }

    /**
     * {@return the tasks scheduled from outside the pool (submissions from non-worker threads,
     * wakes of async tasks from them) that a worker has taken from an inbox} Counted by the taking
     * worker, so submissions still waiting in an inbox ({@link #inboxDepth()}) are not in it yet;
     * once the pool is quiescent it equals the number of such submissions exactly.
     */
    public long remoteScheduleCount() {
        long n = 0;
        for (WorkerMetrics w : workers) {
            n += w.inboxTakeCount();
        }
        return n;
    }

    /** {@return the tasks in all workers' deques} */
    public long localQueueDepth() {
        long n = 0;
        for (WorkerMetrics w : workers) {
            n += w.localQueueDepth();
        }
        return n;
    }

    /**
     * {@return the tasks in all inboxes} Tokio's {@code global_queue_depth}; the inboxes are per
     * worker here.
     */
    public long inboxDepth() {
        long n = 0;
        for (WorkerMetrics w : workers) {
            n += w.inboxDepth();
        }
        return n;
    }

    /**
     * {@return the tasks queued anywhere: {@link #localQueueDepth()} plus {@link #inboxDepth()}}
     */
    public long queuedTasks() {
        return localQueueDepth() + inboxDepth();
    }

    /**
     * {@return the busy time summed over workers (see {@link WorkerMetrics#totalBusyDuration()})}
     */
    public Duration totalBusyDuration() {
        long n = 0;
        for (WorkerMetrics w : workers) {
            n += w.totalBusyDuration().toNanos();
        }
        return Duration.ofNanos(n);
    }

    /** {@return the workers' mean poll times averaged, each weighted by its poll count} */
    public Duration meanPollTime() {
        double weighted = 0;
        long polls = 0;
        for (WorkerMetrics w : workers) {
            weighted += (double) w.meanPollTime().toNanos() * w.pollCount();
            polls += w.pollCount();
        }
        return polls == 0 ? Duration.ZERO : Duration.ofNanos((long) (weighted / polls));
    }

    /** {@return the polls over the long-poll threshold, all workers} */
    public long longPollCount() {
        long n = 0;
        for (WorkerMetrics w : workers) {
            n += w.longPollCount();
        }
        return n;
    }

    /** {@return the poll times of all workers in one histogram, if the pool was built with one} */
    public Optional<Histogram> pollTimeHistogram() {
        if (workers.isEmpty() || workers.get(0).pollTimeHistogram().isEmpty()) {
            return Optional.empty();
        }
        final List<Histogram> parts = new ArrayList<>(workers.size());
        for (WorkerMetrics w : workers) {
            parts.add(w.pollTimeHistogram().orElse(null));
        }
        return Optional.of(Histogram.sum(parts));
    }

    // ------------------------------------------------------------------ blocking

    /**
     * {@return the blocking sections in progress} Sections that handed their worker off
     * ({@code io.tidepool.blocking.Blocking}), plus stuck tasks whose worker the detector
     * retook: each holds one of the {@code maxBlocking} permits.
     */
    public int numActiveBlockingSections() {
        return s.blocking().activeSections();
    }

    /**
     * {@return the pool threads alive without a worker} Threads in a blocking section, threads
     * finishing a task whose worker was handed off or retaken, and idle backup threads (which
     * exit after {@code keepAlive}). Threads holding a worker are not counted.
     */
    public int numBackupThreads() {
        return s.blocking().backupThreads();
    }

    /** {@return the backup threads waiting, idle, for a hand-off} */
    public int numIdleBackupThreads() {
        return s.blocking().idleBackupThreads();
    }

    /** {@return the blocking sections that handed their worker to a backup thread, in total} */
    public long blockingHandOffCount() {
        return s.blocking().handOffs();
    }

    /**
     * {@return the section ends whose thread took a worker back, in total} A thread whose
     * section was handed off takes a worker whose thread is parked idle when the section ends,
     * and its task goes on as that worker's; the parked thread becomes an idle backup.
     */
    public long blockingTakeBackCount() {
        return s.blocking().takeBacks();
    }

    /**
     * {@return the tasks the stuck-worker detector reported, in total} Each stuck task is
     * reported once; 0 unless the pool was built with {@code detectBlocking}.
     */
    public long blockingDetectionCount() {
        return s.blocking().detections();
    }

    /** {@return the detections whose worker was handed to a backup thread (a permit was free)} */
    public long blockingRetakeCount() {
        return s.blocking().retakes();
    }

    /**
     * {@return the {@link ThreadPool#spawnBlocking(java.util.concurrent.Callable) spawnBlocking}
     * threads alive} tokio's {@code num_blocking_threads}.
     */
    public int numBlockingThreads() {
        return s.blocking().blockingThreads();
    }

    /** {@return the spawnBlocking threads alive and idle} tokio's {@code num_idle_blocking_threads}. */
    public int numIdleBlockingThreads() {
        return s.blocking().idleBlockingThreads();
    }

    /** {@return the spawnBlocking jobs waiting for a thread} tokio's {@code blocking_queue_depth}. */
    public int blockingQueueDepth() {
        return s.blocking().blockingQueueDepth();
    }

    /**
     * {@return the schedule latencies of all workers in one histogram, if the pool was built with
     * one} See {@link WorkerMetrics#scheduleLatencyHistogram()}.
     */
    public Optional<Histogram> scheduleLatencyHistogram() {
        if (workers.isEmpty() || workers.get(0).scheduleLatencyHistogram().isEmpty()) {
            return Optional.empty();
        }
        final List<Histogram> parts = new ArrayList<>(workers.size());
        for (WorkerMetrics w : workers) {
            parts.add(w.scheduleLatencyHistogram().orElse(null));
        }
        return Optional.of(Histogram.sum(parts));
    }

    // ------------------------------------------------------------------ timers

    /**
     * {@return the timers in the workers' wheels now: delayed and periodic tasks waiting for
     * their next run, async sleeps, task timeouts} Cancelled timers leave the wheel on their
     * worker's next turn.
     */
    public long timersArmed() {
        return s.timers().armed();
    }

    /** {@return the timers armed since the pool started; a periodic task counts once per run} */
    public long timersArmedCount() {
        return s.timers().armedTotal();
    }

    /** {@return the timers that expired (a task's timer fired, a sleep woke its task)} */
    public long timersFiredCount() {
        return s.timers().fired();
    }

    /** {@return the timers cancelled before they expired} */
    public long timersCancelledCount() {
        return s.timers().cancelled();
    }

    /**
     * {@return how late timers expired: the worker's time at expiry minus the deadline, one
     * value per fired timer} Always kept (one counter increment per expiry). The time a fired
     * task then waits in a deque is not in it.
     */
    public Histogram timerLatenessHistogram() {
        return new Histogram(s.timers().lateness().clone());
    }

    /**
     * One line: name, state, workers unparked and searching, queued tasks, alive async tasks,
     * the main counters, the blocking and the timer figures (the same text as in
     * {@link ThreadPool#toString()}).
     */
    @Override
    public String toString() {
        return s.summary();
    }
}
