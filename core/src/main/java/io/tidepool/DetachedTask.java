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

package io.tidepool;

import java.util.function.BiConsumer;

/**
 * The form {@link ThreadPool#spawnDetached} spawns: the user's task, with a failed poll also
 * reported to the pool's uncaught-exception handler before it completes the (unread) handle.
 *
 * @param <T> the task's result type
 */
final class DetachedTask<T> implements AsyncTask<T> {
    private final AsyncTask<T> task;
    private final BiConsumer<Thread, Throwable> report;

    /**
     * @param task the user's task
     * @param report receives the polling thread and what a poll threw
     */
    DetachedTask(AsyncTask<T> task, BiConsumer<Thread, Throwable> report) {
        this.task = task;
        this.report = report;
    }

    @Override
    public Poll<T> poll(TaskContext cx) throws Exception {
        final Poll<T> outcome;
        try {
            outcome = task.poll(cx);
        } catch (Throwable t) {
            report.accept(Thread.currentThread(), t);
            throw t;
        }
        if (outcome == null) {
            final NullPointerException npe =
                    new NullPointerException("AsyncTask.poll returned null: " + task);
            report.accept(Thread.currentThread(), npe);
            throw npe;
        }
        return outcome;
    }

    @Override
    public String toString() {
        return task.toString();
    }
}
