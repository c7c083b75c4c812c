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

package io.tidepool.bench.timer;

import io.tidepool.Histogram;
import io.tidepool.ThreadPool;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} as {@link Timers}: tidepool's {@code ThreadPool},
 * {@code ScheduledThreadPoolExecutor} and JDK 25's {@code ForkJoinPool}. A handle is the
 * returned {@link java.util.concurrent.ScheduledFuture}; cancelling it passes
 * {@code mayInterruptIfRunning = false}, as a request timeout that is no longer needed does.
 */
final class SesTimers extends Timers {
    private final ScheduledExecutorService ses;
    private final boolean owned;

    /**
     * @param owned whether {@link #close} shuts {@code ses} down (false for the common pool)
     */
    SesTimers(TimerKind kind, ScheduledExecutorService ses, boolean owned) {
        super(kind);
        this.ses = ses;
        this.owned = owned;
    }

    @Override
    public Object schedule(Fire task, long delayNanos) {
        return ses.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean cancel(Object handle) {
        return ((Future<?>) handle).cancel(false);
    }

    @Override
    public Object startPeriodic(Fire task, long periodNanos) {
        return ses.scheduleAtFixedRate(task, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void stopPeriodic(Object handle) {
        ((Future<?>) handle).cancel(false);
    }

    @Override
    public long expiredLateCount(long nanos) {
        if (!(ses instanceof ThreadPool pool)) {
            return -1;
        }
        final Histogram h = pool.metrics().timerLatenessHistogram();
        long late = 0;
        for (int i = 0; i < h.bucketCount(); i++) {
            if (h.lowerBound(i).toNanos() >= nanos) {
                late += h.count(i);
            }
        }
        return late;
    }

    @Override
    public void close() throws InterruptedException {
        if (!owned) {
            return;
        }
        final ExecutorService executor = ses;
        executor.shutdownNow();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(kind().paramName() + " did not terminate within 30 s");
        }
    }
}
