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

import io.tidepool.Poll;
import io.tidepool.Sleep;
import io.tidepool.TaskContext;
import io.tidepool.Waker;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

/**
 * An async sleep's timer: expiry wakes the waker of the last poll, on the expiring worker (a
 * pool task's wake then queues it on that worker's deque).
 */
public final class SleepTimer extends TimerNode implements Sleep {
    private final Timers timers;
    /** The waker of the latest pending poll; volatile, read by the expiring worker. */
    private volatile Waker waker;
    /** Whether a poll armed the timer; polls of one task happen one after another. */
    private boolean armed;

    /**
     * A sleep until {@code deadline}, not armed yet.
     *
     * @param timers the pool's timers
     * @param deadline in the clock's nanoseconds
     */
    public SleepTimer(Timers timers, long deadline) {
        this.timers = timers;
        this.deadline = deadline;
    }

    @Override
    public Poll<Void> poll(TaskContext cx) {
        if (isElapsed()) {
            return Poll.ready(null);
        }
        waker = cx.waker();
        if (!armed) {
            armed = true;
            if (!timers.arm(this, true)) {
                armed = false;
                throw new RejectedExecutionException("sleep refused: the pool is shut down");
            }
        }
        return Poll.pending();
    }

    @Override
    protected Runnable expire(long now) {
        final Waker w = waker;
        if (w == null) {
            return null;
        }
        try {
            w.wake();
            return null;
        } catch (Throwable t) {
            // a waker that threw: reported by the worker as a task's failure, never left to
            // break the wheel's walk
            return () -> {
                throw new IllegalStateException("a sleep's waker failed", t);
            };
        }
    }

    @Override
    public boolean isElapsed() {
        return deadline - timers.now() <= 0;
    }

    @Override
    public Duration remaining() {
        return Duration.ofNanos(deadline - timers.now());
    }

    @Override
    public boolean cancel() {
        return cancelTimer(CANCELLED);
    }

    @Override
    public String toString() {
        return "Sleep[" + (isElapsed() ? "elapsed" : "remaining " + remaining()) + "]";
    }
}
