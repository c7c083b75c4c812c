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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A clock that moves only when told: {@link #advance} adds to its time and wakes every worker
 * of the attached pool that parked until then or earlier. A worker parks without a timeout on
 * a virtual clock; the Dekker pair is the worker's volatile store of its wake word followed by
 * a volatile load of this time, against {@link #advance}'s volatile add followed by the load
 * of each wake word ({@link TimerCore#timeAdvanced}).
 */
public final class VirtualTime extends TimerClock {
    private static final VarHandle NOW;

    static {
        try {
            NOW = MethodHandles.lookup().findVarHandle(VirtualTime.class, "now", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long now;
    private volatile Timers timers;

    /** A clock at time 0. */
    public VirtualTime() {}

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    /** {@return whether a pool's timers use this clock} */
    public boolean attached() {
        return timers != null;
    }

    @Override
    void attach(Timers t) {
        if (timers != null) {
            throw new IllegalStateException("a virtual clock serves one pool; it already serves one");
        }
        timers = t;
    }

    /**
     * Moves the time forward and wakes the workers whose timers are due.
     *
     * @param nanos how far, at least 0
     * @return the new time
     */
    public long advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("must be >= 0: nanos=" + nanos);
        }
        final long t = (long) NOW.getAndAdd(this, nanos) + nanos;
        final Timers attached = timers;
        if (attached != null) {
            attached.timeAdvanced(t);
        }
        return t;
    }
}
