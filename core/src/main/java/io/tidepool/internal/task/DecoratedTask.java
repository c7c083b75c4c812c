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

import io.tidepool.ContextPropagator;

/**
 * A submitted task as its pool's {@link TaskDecoration} made it: what runs (the decorator's
 * result, inside the propagator's restored context) and the user's task, which is what every
 * report names. {@link TaskDescriptions#userTask} unwraps it for JFR events, the stuck-task
 * report and rejection messages; {@code shutdownNow()} hands back the user's task.
 *
 * <p>All fields are final and the object is published by the queue that carries it.
 */
public final class DecoratedTask implements Runnable {
    private final Runnable task;
    private final Runnable run;
    private final ContextPropagator propagator;
    private final Object context;

    DecoratedTask(Runnable task, Runnable run, ContextPropagator propagator, Object context) {
        this.task = task;
        this.run = run;
        this.propagator = propagator;
        this.context = context;
    }

    /** {@return the task the user submitted} */
    public Runnable task() {
        return task;
    }

    /**
     * The user's task behind {@code queued}.
     *
     * @param queued a task as queued
     * @return the user's task of a {@code DecoratedTask}, anything else as it is
     */
    public static Runnable unwrap(Runnable queued) {
        return queued instanceof DecoratedTask d ? d.task : queued;
    }

    @Override
    public void run() {
        final ContextPropagator p = propagator;
        if (p == null) {
            run.run();
            return;
        }
        try (ContextPropagator.Scope ignored = p.restore(context)) {
            run.run();
        }
    }

    /** {@return the user's task's description} */
    @Override
    public String toString() {
        return TaskDescriptions.describe(task);
    }
}
