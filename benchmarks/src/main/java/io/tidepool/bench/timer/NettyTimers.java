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

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.util.concurrent.TimeUnit;

/**
 * Netty's {@link HashedWheelTimer} as {@link Timers}: one wheel, one daemon worker thread that
 * wakes every tick. A handle is the returned {@link Timeout}.
 *
 * <p>{@code HashedWheelTimer} has no periodic timers; {@link #startPeriodic} re-arms from inside
 * the task with a new timeout aimed at the next fixed-rate deadline, which is how a Netty user
 * writes one, and so allocates what such a user's re-arm allocates.
 */
final class NettyTimers extends Timers {
    private final HashedWheelTimer timer;

    /**
     * @param tickNanos the wheel's tick; Netty's default is 100 ms
     * @param ticksPerWheel the wheel's size; Netty's default is 512
     */
    NettyTimers(TimerKind kind, long tickNanos, int ticksPerWheel) {
        super(kind);
        this.timer = new HashedWheelTimer(r -> {
            final Thread t = new Thread(r, "netty-wheel-" + kind.paramName());
            t.setDaemon(true);
            return t;
        }, tickNanos, TimeUnit.NANOSECONDS, ticksPerWheel);
    }

    @Override
    public Object schedule(Fire task, long delayNanos) {
        return timer.newTimeout(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean cancel(Object handle) {
        return ((Timeout) handle).cancel();
    }

    @Override
    public Object startPeriodic(Fire task, long periodNanos) {
        final Rearm rearm = new Rearm(task, periodNanos);
        rearm.start();
        return rearm;
    }

    @Override
    public void stopPeriodic(Object handle) {
        ((Rearm) handle).stop();
    }

    @Override
    public void close() {
        // cancels what is still armed and joins the worker thread
        timer.stop();
    }

    /** A fixed-rate periodic task on a timer that has only one-shot timeouts. */
    private final class Rearm implements TimerTask {
        private final Fire task;
        private final long periodNanos;
        private long nextDeadline;
        private volatile boolean stopped;
        private volatile Timeout current;

        Rearm(Fire task, long periodNanos) {
            this.task = task;
            this.periodNanos = periodNanos;
        }

        void start() {
            nextDeadline = System.nanoTime() + periodNanos;
            current = timer.newTimeout(this, periodNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void run(Timeout timeout) {
            if (stopped) {
                return;
            }
            task.run();
            // plain: only the wheel's worker thread runs this after start()
            nextDeadline += periodNanos;
            current = timer.newTimeout(this, nextDeadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        void stop() {
            stopped = true;
            final Timeout t = current;
            if (t != null) {
                t.cancel();
            }
        }
    }
}
