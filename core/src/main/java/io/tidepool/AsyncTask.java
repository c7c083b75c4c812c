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

/**
 * A poll-based computation, the Java form of a Rust future: the pool calls {@link #poll} until it
 * returns {@link Poll#ready}. When it is not ready, the task arranges for
 * {@code cx.waker().wake()} to be called when it can make progress (from any thread) and returns
 * {@link Poll#pending()}; the pool then polls it again once per wake.
 *
 * <p>The pool never polls one task from two threads at once, and every poll happens-after the
 * previous one, so a task may keep plain mutable state in its fields.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface AsyncTask<T> {
    /**
     * Makes as much progress as possible without blocking.
     *
     * @param cx the context of this poll; its {@link TaskContext#waker()} reschedules the task
     * @return {@link Poll#ready(Object)} with the result, or {@link Poll#pending()}
     * @throws Exception to complete the task exceptionally; it is not polled again
     */
    Poll<T> poll(TaskContext cx) throws Exception;
}
