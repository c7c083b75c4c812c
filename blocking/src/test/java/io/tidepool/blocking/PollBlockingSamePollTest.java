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

package io.tidepool.blocking;

import static io.tidepool.blocking.PoolThreads.WAIT_SECONDS;
import static io.tidepool.blocking.PoolThreads.await;
import static io.tidepool.blocking.PoolThreads.awaitQuietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.AsyncTask;
import io.tidepool.Poll;
import io.tidepool.TaskContext;
import io.tidepool.TaskHandle;
import io.tidepool.ThreadPool;
import io.tidepool.Worker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 11: once a {@code pollBlocking} of a poll has run its body, a later one in the
 * same poll never answers pending, even after the first section's thread took a worker back and
 * another task took the only permit meanwhile (a pending would re-run the first, non-idempotent
 * body at the next poll).
 */
@Timeout(60)
class PollBlockingSamePollTest {

    @Test
    void aSecondPollBlockingInTheSamePollShouldNotAnswerPendingAfterTheFirstRan() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().poolSize(2).maxBlocking(1)
                .namePrefix("blk-same-poll").build()) {
            final CountDownLatch firstEntered = new CountDownLatch(1);
            final CountDownLatch firstGo = new CountDownLatch(1);
            final CountDownLatch otherHolds = new CountDownLatch(1);
            final CountDownLatch releaseOther = new CountDownLatch(1);
            final AtomicInteger firstRuns = new AtomicInteger();
            final AtomicInteger pendings = new AtomicInteger();
            final AtomicBoolean onWorkerAgain = new AtomicBoolean();
            final AsyncTask<Object> other = cx -> Blocking.pollBlocking(cx, () -> {
                otherHolds.countDown();
                return awaitQuietly(releaseOther);
            });
            final TaskHandle<String> handle = pool.spawn(new AsyncTask<String>() {
                private boolean otherSpawned;

                @Override
                public Poll<String> poll(TaskContext cx) throws Exception {
                    final Poll<String> one = Blocking.pollBlocking(cx, () -> {
                        firstRuns.incrementAndGet();
                        firstEntered.countDown();
                        awaitQuietly(firstGo);
                        return "one";
                    });
                    if (one.isPending()) {
                        return Poll.pending();
                    }
                    if (!otherSpawned) {
                        otherSpawned = true;
                        onWorkerAgain.set(Worker.current().isPresent());
                        // the only permit goes to another task between this poll's two sections
                        pool.spawn(other);
                        if (!otherHolds.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                            throw new AssertionError("the other task never took the permit");
                        }
                    }
                    final Poll<String> two = Blocking.pollBlocking(cx, () -> "two");
                    if (two.isPending()) {
                        pendings.incrementAndGet();
                        releaseOther.countDown();
                        return Poll.pending();
                    }
                    return Poll.ready(one.value() + two.value());
                }
            });
            try {
                await(firstEntered, "the first section");
                // both cores parked idle (the section's thread holds none): its end takes one back
                PoolThreads.eventually(() -> pool.metrics().numUnparkedWorkers() == 0,
                        "both workers to park");
                firstGo.countDown();
                assertEquals("onetwo", handle.get(WAIT_SECONDS, TimeUnit.SECONDS));
                assertTrue(onWorkerAgain.get(), "the first section's end must take a worker back");
                assertEquals(0, pendings.get(), "pending answered after this poll's first section");
                assertEquals(1, firstRuns.get(), "runs of the first body");
            } finally {
                releaseOther.countDown();
            }
        }
    }
}
