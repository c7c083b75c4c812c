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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many async tasks, each woken once per pending poll by another thread or by itself: every wake
 * must lead to exactly one poll (none lost, none doubled), and a task is never polled by two
 * threads at once.
 */
class AsyncTaskWakeStressTest {
    private static final int TASKS = 1_000;
    private static final int POLLS_EACH = 100;
    private static final Waker STOP = () -> { };

    @Test
    @Timeout(60)
    void shouldPollOncePerWakeWithoutLosingOrDoublingWakesUnderContention() throws Exception {
        final LinkedBlockingQueue<Waker> toWake = new LinkedBlockingQueue<>();
        final AtomicInteger totalPolls = new AtomicInteger();
        final AtomicReference<String> problem = new AtomicReference<>();
        final ThreadPool pool = ThreadPool.builder().poolSize(2).build();
        final List<Thread> wakers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            final Thread t = new Thread(() -> {
                try {
                    Waker next;
                    while ((next = toWake.take()) != STOP) {
                        next.wake();
                    }
                } catch (InterruptedException e) {
                    problem.compareAndSet(null, "waker interrupted");
                }
            }, "waker-" + w);
            t.start();
            wakers.add(t);
        }
        final List<TaskHandle<Integer>> handles = new ArrayList<>();
        try {
            for (int i = 0; i < TASKS; i++) {
                final int id = i;
                handles.add(pool.spawn(new AsyncTask<Integer>() {
                    private final AtomicBoolean inPoll = new AtomicBoolean();
                    private int polls;

                    @Override
                    public Poll<Integer> poll(TaskContext cx) {
                        if (!inPoll.compareAndSet(false, true)) {
                            problem.compareAndSet(null, "task " + id + " polled concurrently");
                        }
                        try {
                            totalPolls.incrementAndGet();
                            if (++polls == POLLS_EACH) {
                                return Poll.ready(polls);
                            }
                            // one wake per pending poll: from inside (during the poll) or from
                            // a waker thread, which may wake while this poll is still running
                            if ((polls + id) % 3 == 0) {
                                cx.waker().wake();
                            } else {
                                toWake.add(cx.waker());
                            }
                            return Poll.pending();
                        } finally {
                            inPoll.set(false);
                        }
                    }
                }));
            }
            final CompletableFuture<?>[] all = new CompletableFuture<?>[TASKS];
            for (int i = 0; i < TASKS; i++) {
                all[i] = handles.get(i).toCompletableFuture();
            }
            CompletableFuture.allOf(all).get(45, TimeUnit.SECONDS);
            for (TaskHandle<Integer> h : handles) {
                assertEquals(POLLS_EACH, h.get());
            }
        } finally {
            for (int w = 0; w < wakers.size(); w++) {
                toWake.add(STOP);
            }
            for (Thread t : wakers) {
                t.join();
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), pool.toString());
        }
        assertNull(problem.get());
        assertEquals(TASKS * POLLS_EACH, totalPolls.get(), "polls: a wake was doubled");
    }
}
