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
