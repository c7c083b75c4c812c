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
 * Carries a context (a logging MDC, a tracing span, a security principal) from the thread that
 * submits work to the thread that runs it, for every way work enters a pool, async tasks
 * included: set with {@link ThreadPoolBuilder#contextPropagator(ContextPropagator)}.
 *
 * <p>{@link #capture()} runs on the submitting thread, once per submission ({@code execute},
 * {@code submit}, {@code invokeAll}/{@code invokeAny}, {@code spawn}, {@code spawnDetached},
 * {@code spawnBlocking}, pinned {@code core(i).execute}/{@code send},
 * {@code spawnUnaffinitized}). {@link #restore(Object)} runs on the thread that runs the work,
 * just before it; the returned {@link Scope} is closed just after, on the same thread, also when
 * the work throws. A {@code Runnable} is restored once; an {@link AsyncTask} is restored around
 * <em>every</em> poll, with the value captured at spawn, whichever thread woke it.
 *
 * <p>Unlike {@link ThreadPoolBuilder#taskDecorator}, which wraps a {@code Runnable} once, this
 * form can wrap the repeated polls of an async task. {@code io.tidepool.micrometer.ContextSnapshots}
 * adapts Micrometer's context-propagation library (MDC, OpenTelemetry, Spring Security and any
 * other registered {@code ThreadLocalAccessor}) to it.
 *
 * <p>Both methods must be thread-safe: many threads submit and run at once. What
 * {@code capture()} throws reaches the submitter (the work is not accepted); what
 * {@code restore} or {@code close} throws is the work's failure (the uncaught-exception handler
 * for {@code execute}, the future for {@code submit} and async tasks).
 */
public interface ContextPropagator {

    /**
     * Captures the calling thread's context; called on the submitting thread.
     *
     * @return the captured context, handed to {@link #restore(Object)}; may be null
     */
    Object capture();

    /**
     * Installs a captured context on the calling thread, which is about to run the work.
     *
     * @param captured what {@link #capture()} returned at submission
     * @return the scope that puts back what the thread had before; not null
     */
    Scope restore(Object captured);

    /** What {@link #restore(Object)} installed; closing it puts back the thread's previous context. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {
        /** Puts back the context the thread had before {@code restore}; does not throw checked exceptions. */
        @Override
        void close();
    }
}
