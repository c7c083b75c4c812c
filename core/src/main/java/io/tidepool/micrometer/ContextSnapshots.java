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

package io.tidepool.micrometer;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.tidepool.ContextPropagator;
import java.util.Objects;

/**
 * A {@link ContextPropagator} backed by Micrometer's context-propagation library
 * ({@code io.micrometer:context-propagation}): every {@code ThreadLocalAccessor} registered with
 * the library's {@code ContextRegistry} (SLF4J's MDC, OpenTelemetry or Micrometer Tracing,
 * Spring Security, Reactor's, your own) flows from the submitting thread to the pool's work,
 * with no tidepool-specific code:
 *
 * <pre>{@code
 * ThreadPool pool = ThreadPool.builder()
 *         .contextPropagator(ContextSnapshots.create())
 *         .build();
 * }</pre>
 *
 * <p>{@link #capture()} takes a {@code ContextSnapshot} of every registered accessor on the
 * submitting thread; {@link #restore(Object)} sets its thread locals on the running thread and
 * the scope puts back the thread's previous values. With {@link #create()}, a value the
 * submitter did not have is cleared for the run ({@code clearMissing(true)}), so a task sees
 * exactly its submitter's context and nothing left on the worker.
 *
 * <p>The library is an optional dependency of tidepool: an application that uses this class
 * brings it ({@code module io.tidepool} {@code requires static context.propagation}). Thread-safe.
 */
public final class ContextSnapshots implements ContextPropagator {
    private final ContextSnapshotFactory factory;

    private ContextSnapshots(ContextSnapshotFactory factory) {
        this.factory = factory;
    }

    /**
     * A propagator of every accessor in the global {@code ContextRegistry}, clearing what the
     * submitter did not have.
     *
     * @return the propagator
     */
    public static ContextSnapshots create() {
        return new ContextSnapshots(ContextSnapshotFactory.builder().clearMissing(true).build());
    }

    /**
     * A propagator that takes its snapshots from {@code factory} (another registry, a key
     * filter, other clearing rules).
     *
     * @param factory makes the snapshots
     * @return the propagator
     * @throws NullPointerException if {@code factory} is null
     */
    public static ContextSnapshots of(ContextSnapshotFactory factory) {
        return new ContextSnapshots(Objects.requireNonNull(factory, "factory"));
    }

    @Override
    public Object capture() {
        return factory.captureAll();
    }

    @Override
    public Scope restore(Object captured) {
        final ContextSnapshot.Scope scope = ((ContextSnapshot) captured).setThreadLocals();
        return scope::close;
    }
}
