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

package io.tidepool.fault;

import static io.tidepool.fault.FaultSupport.WAIT_SECONDS;
import static io.tidepool.fault.FaultSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.worker.ThreadStarts;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 5: a {@code spawnBlocking} whose thread cannot start is rejected visibly and
 * leaves no in-flight count behind, so the pool still terminates.
 */
@Timeout(60)
class SpawnBlockingFaultTest {
    @AfterEach
    void noMoreFailures() {
        ThreadStarts.failStarts(null);
    }

    @Test
    void aBlockingThreadThatCannotStartShouldRejectTheJobAndLeaveNoCount() throws Exception {
        final String prefix = "spawn-fail";
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix(prefix).build();
        try {
            ThreadStarts.failStarts(name -> name.equals(prefix + "-blocking-1"));
            final RejectedExecutionException e = assertThrows(RejectedExecutionException.class,
                    () -> pool.spawnBlocking(() -> 1));
            assertTrue(e.getCause() instanceof OutOfMemoryError, () -> "cause: " + e.getCause());
            ThreadStarts.failStarts(null);
            // the next job starts a thread of its own and runs
            assertEquals(2, pool.spawnBlocking(() -> 2).get(WAIT_SECONDS, TimeUnit.SECONDS));
        } finally {
            shutdownAndAwait(pool);
        }
    }
}
