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
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * A pool's per-task context settings: the task decorator and the context propagator, applied at
 * submission on the submitting thread. A pool without either has no {@code TaskDecoration} at
 * all (a null field), so its submission paths pay one null test and nothing else.
 *
 * <p>Order: the decorator wraps the user's task first; the propagator's scope is outermost, so
 * the decorated task runs with the captured context in place.
 */
public final class TaskDecoration {
    private final UnaryOperator<Runnable> decorator;
    private final ContextPropagator propagator;

    /**
     * @param decorator the task decorator, or null
     * @param propagator the context propagator, or null
     */
    public TaskDecoration(UnaryOperator<Runnable> decorator, ContextPropagator propagator) {
        this.decorator = decorator;
        this.propagator = propagator;
    }

    /**
     * The settings, or null if neither is set (the pool then decorates nothing).
     *
     * @param decorator the task decorator, or null
     * @param propagator the context propagator, or null
     * @return the decoration, or null
     */
    public static TaskDecoration of(UnaryOperator<Runnable> decorator, ContextPropagator propagator) {
        return decorator == null && propagator == null ? null : new TaskDecoration(decorator, propagator);
    }

    /** {@return the context propagator, or null} */
    public ContextPropagator propagator() {
        return propagator;
    }

    /**
     * Decorates a submitted task on the submitting thread.
     *
     * @param task the user's task
     * @return the task to queue: {@code task} itself if the decorator returned it and there is no
     *     propagator, else a {@link DecoratedTask} that remembers {@code task}
     * @throws NullPointerException naming the task if the decorator returned null
     */
    public Runnable decorate(Runnable task) {
        Runnable run = task;
        if (decorator != null) {
            run = decorator.apply(task);
            if (run == null) {
                throw new NullPointerException("taskDecorator returned null for task "
                        + TaskDescriptions.describe(task));
            }
        }
        final ContextPropagator p = propagator;
        if (p == null) {
            return run == task ? task : new DecoratedTask(task, run, null, null);
        }
        return new DecoratedTask(task, run, p, p.capture());
    }

    /**
     * Decorates blocking code ({@code spawnBlocking}): the decorator sees a {@code Runnable}
     * that calls {@code body}, and the result is a {@code Callable} with that body's outcome.
     *
     * @param <T> the result type
     * @param body the user's code
     * @return the callable to run
     */
    public <T> Callable<T> decorate(Callable<T> body) {
        final DecoratedCall<T> call = new DecoratedCall<>(Objects.requireNonNull(body, "body"));
        call.decorated = decorate(call.inner);
        return call;
    }

    /**
     * Blocking code run through a decorated {@code Runnable}: the inner runnable calls the body
     * and keeps its value or checked exception, which {@link #call()} hands on. Runs once, on
     * one thread (the decorated runnable runs the inner one on the calling thread).
     */
    private static final class DecoratedCall<T> implements Callable<T> {
        private final Callable<T> body;
        private final Runnable inner = new Runnable() {
            @Override
            public void run() {
                try {
                    value = body.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    // a checked exception cannot cross Runnable.run: kept for call()
                    failure = e;
                }
            }

            @Override
            public String toString() {
                return TaskDescriptions.describe(body);
            }
        };
        /** Set once, before the callable is handed to an executor (which publishes it). */
        private Runnable decorated;
        private T value;
        private Exception failure;

        DecoratedCall(Callable<T> body) {
            this.body = body;
        }

        @Override
        public T call() throws Exception {
            decorated.run();
            if (failure != null) {
                throw failure;
            }
            return value;
        }

        @Override
        public String toString() {
            return TaskDescriptions.describe(body);
        }
    }
}
