package io.tidepool.internal.worker;

import java.util.function.Predicate;

/**
 * Starts the pool's threads (workers, the monitor, backups, blocking threads), with a seam for
 * the fault-injection tests: a start that fails as the JVM's would when the process is out of
 * threads, chosen by thread name (each test pool has a name of its own). Off the task path.
 */
public final class ThreadStarts {
    /** Names whose start fails; null in production. */
    private static volatile Predicate<String> failing;

    private ThreadStarts() {}

    /**
     * Starts {@code t}.
     *
     * @param t a new thread
     * @throws OutOfMemoryError if the thread cannot start (or a test injected the failure)
     */
    public static void start(Thread t) {
        checkStartable(t.getName());
        t.start();
    }

    /**
     * For a thread that an executor will start itself: fails as {@link #start} would for an
     * injected name, else does nothing.
     *
     * @param name the new thread's name
     * @throws OutOfMemoryError if a test injected the failure for {@code name}
     */
    public static void checkStartable(String name) {
        final Predicate<String> f = failing;
        if (f != null && f.test(name)) {
            throw new OutOfMemoryError("unable to create native thread: injected for " + name);
        }
    }

    /**
     * For tests: makes the start of every thread whose name {@code names} accepts fail; null
     * undoes it.
     *
     * @param names the names to fail, or null
     */
    public static void failStarts(Predicate<String> names) {
        failing = names;
    }
}
