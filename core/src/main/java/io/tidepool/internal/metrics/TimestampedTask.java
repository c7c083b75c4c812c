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

/**
 * A submitted {@code Runnable} with the moment it was submitted, queued instead of the task when
 * the pool keeps a schedule-latency histogram. The worker that takes it records the latency,
 * unwraps it and runs the user's task itself ({@code TaskRunner.run}), so the uncaught-exception
 * handler, the long-poll JFR event and {@code shutdownNow()} (which unwraps what it hands back)
 * all see the user's object, never this one.
 *
 * <p>It costs one 24-byte allocation (12-byte header with compressed class pointers, a reference,
 * a {@code long}) and one {@code System.nanoTime()} call per submission, which is why the
 * histogram is off by default: without it {@code execute} allocates nothing. Async tasks are not
 * wrapped; their cell keeps the timestamp of its latest schedule in a field.
 *
 * <p>Both fields are final and the object is published by the queue that carries it (a release
 * on push, an acquire on take), so the worker reads them without further ordering.
 */
public final class TimestampedTask implements Runnable {
    private final Runnable task;
    private final long submittedNanos;

    /**
     * Wraps {@code task}, submitted at {@code submittedNanos}.
     *
     * @param task the user's task, not null (the caller checked)
     * @param submittedNanos {@code System.nanoTime()} at submission
     */
    public TimestampedTask(Runnable task, long submittedNanos) {
        this.task = task;
        this.submittedNanos = submittedNanos;
    }

    /** {@return the user's task} */
    public Runnable task() {
        return task;
    }

    /** {@return when the task was submitted, in {@code System.nanoTime()} units} */
    public long submittedNanos() {
        return submittedNanos;
    }

    /**
     * The user's task behind {@code queued}: the wrapped task of a {@code TimestampedTask},
     * anything else as it is.
     *
     * @param queued a task as it sat in a queue
     * @return the task the user submitted
     */
    public static Runnable unwrap(Runnable queued) {
        return queued instanceof TimestampedTask t ? t.task : queued;
    }

    /** Runs the user's task (the pool unwraps first and never calls this; kept for safety). */
    @Override
    public void run() {
        task.run();
    }

    /** {@return the user's task's {@code toString()}} */
    @Override
    public String toString() {
        return task.toString();
    }
}
