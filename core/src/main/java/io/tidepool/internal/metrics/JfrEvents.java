package io.tidepool.internal.metrics;

/**
 * Emits tidepool's JFR events. Only called when {@link JfrSupport#AVAILABLE}; every method asks
 * the event type first, so without a recording that enables it the cost is one check.
 */
final class JfrEvents {
    private static final LongPollEvent LONG_POLL_PROBE = new LongPollEvent();
    private static final WorkerParkEvent PARK_PROBE = new WorkerParkEvent();

    private JfrEvents() {}

    /** Commits a long-poll event if a recording enables it. */
    static void longPoll(String pool, int worker, String taskClass, long nanos) {
        if (!LONG_POLL_PROBE.isEnabled()) {
            return;
        }
        final LongPollEvent e = new LongPollEvent();
        e.pool = pool;
        e.worker = worker;
        e.taskClass = taskClass;
        e.pollTime = nanos;
        e.commit();
    }

    /** Begins a park event if a recording enables it; returns it, or null. */
    static Object beginPark(String pool, int worker) {
        if (!PARK_PROBE.isEnabled()) {
            return null;
        }
        final WorkerParkEvent e = new WorkerParkEvent();
        e.pool = pool;
        e.worker = worker;
        e.begin();
        return e;
    }

    /** Ends and commits a park event begun by {@link #beginPark}. */
    static void endPark(Object token) {
        final WorkerParkEvent e = (WorkerParkEvent) token;
        e.end();
        if (e.shouldCommit()) {
            e.commit();
        }
    }
}
