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
package io.tidepool.internal.timer;

/**
 * A periodic task of {@code scheduleAtFixedRate} (a positive period: each deadline is the last
 * plus the period, so a late run is followed by the missed ones back to back, never two at
 * once) or {@code scheduleWithFixedDelay} (a negative period: the next deadline is the end of a
 * run plus the delay). After a run the same object is armed again, on the wheel of the worker
 * that ran it: a re-arm allocates nothing. A run that throws ends the task, its future
 * completing with the exception; a cancel during a run ends it after the run.
 *
 * @param <V> the result type (never produced)
 */
public final class PeriodicTask<V> extends ScheduledTask<V> {
    /** Positive: fixed rate; negative: fixed delay. Never zero. */
    private final long period;

    /**
     * A periodic task, QUEUED; the caller arms it.
     *
     * @param timers the pool's timers
     * @param task the task
     * @param deadline the first deadline
     * @param period positive for a fixed rate, negative for a fixed delay, in nanoseconds
     */
    public PeriodicTask(Timers timers, Runnable task, long deadline, long period) {
        super(timers, task, deadline);
        this.period = period;
    }

    @Override
    public boolean keptAfterShutdown() {
        return timers.periodicAfterShutdown();
    }

    @Override
    public boolean isPeriodic() {
        return true;
    }

    @Override
    void ran(Object result, Throwable failure) {
        if (failure != null) {
            complete(failure, EXCEPTIONAL);
            return;
        }
        clearRunner();
        // only this thread writes the deadline while RUNNING; the CAS below publishes it
        deadline = period > 0 ? Math.min(deadline + period, timers.deadlineAfter(Timers.MAX_DELAY))
                : timers.deadlineAfter(-period);
        if (casState(RUNNING, QUEUED)) {
            timers.rearm(this, keptAfterShutdown());
        } else {
            // cancelled during the run
            awaitCancelled();
        }
    }
}
