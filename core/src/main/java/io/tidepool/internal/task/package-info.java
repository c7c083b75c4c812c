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

/**
 * The poll-based task model: {@link io.tidepool.internal.task.AsyncTaskCell} wraps a user's
 * {@link io.tidepool.AsyncTask} in an atomic state machine ({@link io.tidepool.internal.task.TaskState})
 * so that a wake, from any thread and at any time, leads to exactly one further poll.
 *
 * <p>This is the state machine of tokio-threadpool's {@code task/state.rs} (Idle, Running,
 * Notified, Scheduled, Complete, Aborted), with cancellation added: a cancel before or between
 * polls ends the task at once; a cancel during a poll is recorded in a flag and takes effect when
 * the poll returns. Plain {@code Runnable}s are not wrapped: they go into the queues as they are,
 * which is what keeps {@code execute} allocation-free.
 */
package io.tidepool.internal.task;
