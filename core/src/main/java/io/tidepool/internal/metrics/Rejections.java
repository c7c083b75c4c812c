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
package io.tidepool.internal.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * A pool's count of rejected submissions (those that found {@code maxQueued} reached), and its
 * throttled JFR event. Only the rejection path touches it, so the count is a {@link LongAdder}:
 * producers that are all being refused at once do not contend on one word.
 *
 * <p><b>Throttle.</b> At most one event per {@link #EVENT_INTERVAL_NANOS}: the rejection that
 * finds the interval over wins a compare-and-set of the next due time and commits one event
 * carrying how many rejections happened since the last one. A burst of a million refusals is
 * one event a tenth of a second, not a million.
 */
public final class Rejections {
    /** Least time between two rejection events of one pool: 100 ms. */
    public static final long EVENT_INTERVAL_NANOS = 100_000_000L;

    private static final VarHandle NEXT_EVENT;
    private static final VarHandle REPORTED;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT_EVENT = lookup.findVarHandle(Rejections.class, "nextEvent", long.class);
            REPORTED = lookup.findVarHandle(Rejections.class, "reported", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String pool;
    private final int maxQueued;
    private final LongAdder count = new LongAdder();
    /** The {@code System.nanoTime} from which the next event may be committed. */
    @SuppressWarnings("unused")
    private volatile long nextEvent;
    /** The total count the last event reported; written by the CAS winner only. */
    @SuppressWarnings("unused")
    private volatile long reported;

    /**
     * The rejection record of one pool.
     *
     * @param pool the pool's name
     * @param maxQueued the pool's bound
     */
    public Rejections(String pool, int maxQueued) {
        this.pool = pool;
        this.maxQueued = maxQueued;
        this.nextEvent = System.nanoTime();
    }

    /**
     * Counts one rejection and, at most once per interval, commits the JFR event.
     *
     * @param taskClass the rejected task's class (the user's, not a wrapper's)
     */
    public void rejected(Class<?> taskClass) {
        count.increment();
        if (JfrSupport.AVAILABLE && JfrEvents.rejectionEnabled()) {
            final long now = System.nanoTime();
            final long due = lvNextEvent();
            if (now - due >= 0 && casNextEvent(due, now + EVENT_INTERVAL_NANOS)) {
                // only the CAS winner of this interval gets here: plain read-modify of reported
                final long total = count.sum();
                final long since = total - lvReported();
                svReported(total);
                JfrEvents.rejection(pool, taskClass.getName(), maxQueued, Math.max(1, since), total);
            }
        }
    }

    /** {@return how many submissions were rejected so far} A sum read now, any thread. */
    public long count() {
        return count.sum();
    }

    private long lvNextEvent() {
        return (long) NEXT_EVENT.getVolatile(this);
    }

    private boolean casNextEvent(long expected, long value) {
        return NEXT_EVENT.compareAndSet(this, expected, value);
    }

    private long lvReported() {
        return (long) REPORTED.getVolatile(this);
    }

    private void svReported(long value) {
        REPORTED.setVolatile(this, value);
    }
}
