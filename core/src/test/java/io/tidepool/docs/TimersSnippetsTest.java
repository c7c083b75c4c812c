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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.AsyncTask;
import io.tidepool.Poll;
import io.tidepool.Sleep;
import io.tidepool.TaskContext;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import io.tidepool.VirtualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/timers.md, each run and checked. */
class TimersSnippetsTest {
    @Test
    void schedule() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().build()) {
            // tag::schedule[]
            ScheduledFuture<String> reply = pool.schedule(() -> "pong", 50, TimeUnit.MILLISECONDS);
            String value = reply.get();                                   // "pong", after 50 ms

            AtomicInteger beats = new AtomicInteger();
            ScheduledFuture<?> heartbeat = pool.scheduleAtFixedRate(
                    beats::incrementAndGet, 0, 10, TimeUnit.MILLISECONDS);
            // ... later: stop it; cancel also removes a timer that has not fired yet
            heartbeat.cancel(false);
            // end::schedule[]
            assertEquals("pong", value);
            assertTrue(heartbeat.isCancelled());
        }
    }

    @Test
    void asyncTimeout() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().build()) {
            CompletableFuture<String> slowReply = new CompletableFuture<>();   // never completes
            // tag::async-timeout[]
            Sleep backoff = pool.sleep(Duration.ofMillis(20));
            TaskHandle<String> call = pool.spawn(new AsyncTask<String>() {
                @Override
                public Poll<String> poll(TaskContext cx) {
                    if (backoff.poll(cx).isPending()) {
                        return Poll.pending();                 // woken by the wheel in 20 ms
                    }
                    if (!slowReply.isDone()) {
                        slowReply.thenRun(cx.waker()::wake);   // woken by the reply
                        return Poll.pending();
                    }
                    return Poll.ready(slowReply.join());
                }
            }).orTimeout(Duration.ofMillis(200));
            try {
                call.get();
            } catch (ExecutionException e) {
                // e.getCause() is a TimeoutException: the task was stopped after 200 ms
            }
            // end::async-timeout[]
            final ExecutionException e = assertThrows(ExecutionException.class, call::get);
            assertInstanceOf(TimeoutException.class, e.getCause());
        }
    }

    @Test
    void virtualClock() throws Exception {
        // tag::virtual-clock[]
        VirtualClock clock = new VirtualClock();
        try (ThreadPool pool = ThreadPool.builder().virtualClock(clock).build()) {
            ScheduledFuture<String> retry = pool.schedule(() -> "retried", 30, TimeUnit.SECONDS);
            clock.advance(Duration.ofSeconds(29));     // nothing fires
            boolean early = retry.isDone();            // false
            clock.advance(Duration.ofSeconds(1));      // the deadline: it fires now
            String value = retry.get();                // "retried", in milliseconds of real time
            // end::virtual-clock[]
            assertEquals(false, early);
            assertEquals("retried", value);
        }
    }
}
