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

package io.tidepool.internal.task;

/** How error messages name a user's task: never by an internal class, never failing. */
public final class TaskDescriptions {
    private TaskDescriptions() {}

    /**
     * The user's object behind a queued task: the {@code AsyncTask} of an {@link AsyncTaskCell},
     * the submitted task of a {@link DecoratedTask}, anything else as it is. What JFR events,
     * the stuck-task report and messages name.
     *
     * @param task the task as submitted or queued
     * @return the user's task
     */
    public static Object userTask(Object task) {
        if (task instanceof AsyncTaskCell<?> cell) {
            return cell.task();
        }
        return task instanceof DecoratedTask d ? d.task() : task;
    }

    /**
     * Describes a task for a message: its {@code toString()}, the user's task for an
     * {@link AsyncTaskCell} or a {@link DecoratedTask}, and its class and identity when {@code toString()} throws (a
     * rejection must still reach its caller as a {@code RejectedExecutionException}).
     *
     * @param task the task as submitted or queued
     * @return a description; never throws
     */
    public static String describe(Object task) {
        final Object user = userTask(task);
        try {
            return String.valueOf(user);
        } catch (Throwable t) {
            return user.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(user))
                    + " (its toString() threw " + t.getClass().getName() + ")";
        }
    }
}
