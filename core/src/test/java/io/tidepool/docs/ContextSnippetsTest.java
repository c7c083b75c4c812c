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

package io.tidepool.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.tidepool.AsyncTask;
import io.tidepool.ContextPropagator;
import io.tidepool.Poll;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import io.tidepool.micrometer.ContextSnapshots;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The snippets of docs/guide/context.md, each run and checked. */
class ContextSnippetsTest {
    private static final ContextKey<String> TENANT = ContextKey.named("tenant");

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void mdcDecorator() throws Exception {
        // tag::mdc-decorator[]
        ThreadPool pool = ThreadPool.builder()
                .taskDecorator(task -> {
                    Map<String, String> mdc = MDC.getCopyOfContextMap();   // on the submitting thread
                    return () -> {                                         // runs on the pool
                        if (mdc != null) {
                            MDC.setContextMap(mdc);
                        }
                        try {
                            task.run();
                        } finally {
                            MDC.clear();
                        }
                    };
                })
                .build();
        MDC.put("request", "r-42");
        String seen = pool.submit(() -> MDC.get("request")).get();          // "r-42"
        // end::mdc-decorator[]
        try (pool) {
            assertEquals("r-42", seen);
        }
    }

    @Test
    void contextSnapshots() throws Exception {
        // tag::context-snapshots[]
        ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
        ThreadPool pool = ThreadPool.builder()
                .contextPropagator(ContextSnapshots.create())
                .build();
        MDC.put("request", "r-43");
        CompletableFuture<String> blocking = pool.spawnBlocking(() -> MDC.get("request"));   // "r-43"
        TaskHandle<String> async = pool.spawn(cx -> Poll.ready(MDC.get("request")));        // "r-43"
        // end::context-snapshots[]
        try (pool) {
            assertEquals("r-43", blocking.get(30, TimeUnit.SECONDS));
            assertEquals("r-43", async.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void openTelemetry() throws Exception {
        // tag::otel-propagator[]
        ContextPropagator otel = new ContextPropagator() {
            @Override
            public Object capture() {
                return Context.current();                        // on the submitting thread
            }

            @Override
            public Scope restore(Object captured) {
                return ((Context) captured).makeCurrent()::close;  // around each run and poll
            }
        };
        ThreadPool pool = ThreadPool.builder().contextPropagator(otel).build();
        // end::otel-propagator[]
        try (pool) {
            final TaskHandle<String> h;
            try (io.opentelemetry.context.Scope ignored = Context.current().with(TENANT, "acme").makeCurrent()) {
                h = pool.spawn((AsyncTask<String>) cx -> Poll.ready(Context.current().get(TENANT)));
            }
            assertEquals("acme", h.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void currentPool() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().namePrefix("orders").build()) {
            final CompletableFuture<String> out = new CompletableFuture<>();
            pool.execute(() -> {
                // tag::current-pool[]
                // library code, called from a task: no pool was passed in
                ThreadPool.current().ifPresentOrElse(
                        p -> p.execute(() -> out.complete("follow-up on " + p.name())),
                        () -> out.complete("not on a pool thread"));
                // end::current-pool[]
            });
            assertEquals("follow-up on orders", out.get(30, TimeUnit.SECONDS));
        }
    }
}
