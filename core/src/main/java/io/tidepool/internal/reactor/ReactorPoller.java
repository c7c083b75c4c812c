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

package io.tidepool.internal.reactor;

import io.tidepool.pinned.Poller;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A registered poller: its function, its control word (any thread) and its deadline (owner
 * only). The reactor reads the control word before each call; see {@link Poller} for the
 * user contract.
 */
final class ReactorPoller implements Poller {
    static final int ACTIVE = 0;
    static final int PAUSED = 1;
    static final int CLOSED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ReactorPoller.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final int cpu;
    private final Duration interval;
    final long intervalNanos;
    final Poller.Function function;
    private volatile int state;
    /** Next call at or after this {@code System.nanoTime()}; owner only. */
    long deadline;

    ReactorPoller(String name, int cpu, Duration interval, Poller.Function function) {
        this.name = name;
        this.cpu = cpu;
        this.interval = interval;
        this.intervalNanos = saturatedNanos(interval);
        this.function = function;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int cpu() {
        return cpu;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public void pause() {
        casState(ACTIVE, PAUSED);
    }

    @Override
    public void resume() {
        casState(PAUSED, ACTIVE);
    }

    @Override
    public boolean isPaused() {
        return lvState() == PAUSED;
    }

    @Override
    public void close() {
        // volatile store; the reactor's volatile load before each call sees it, at the latest in
        // the turn after it runs any message sent after this store
        svState(CLOSED);
    }

    @Override
    public boolean isClosed() {
        return lvState() == CLOSED;
    }

    int lvState() {
        return state;
    }

    @Override
    public String toString() {
        final int s = lvState();
        return "Poller[" + name + ", cpu " + cpu + ", every " + interval + ", "
                + (s == ACTIVE ? "active" : s == PAUSED ? "paused" : "closed") + "]";
    }

    private void svState(int s) {
        STATE.setVolatile(this, s);
    }

    private void casState(int expected, int value) {
        STATE.compareAndSet(this, expected, value);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }
}
