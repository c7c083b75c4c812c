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

package io.tidepool.pinned;

import static io.tidepool.pinned.PinnedTestSupport.pinned;
import static io.tidepool.pinned.PinnedTestSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidepool.ThreadPool;
import org.junit.jupiter.api.Test;

/**
 * The monitor thread of blocking sections starts only where a section can be deferred: a
 * default pool with {@code maxBlocking > 0}, not a pinned pool (its sections hand off at
 * entry) and not {@code maxBlocking(0)} (issue 13).
 */
class MonitorThreadTest {
    private static long monitorThreads(String pool) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(pool + "-detector"))
                .count();
    }

    @Test
    void aDefaultPoolShouldStartTheMonitor() throws InterruptedException {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).namePrefix("monitor-default").build();
        try {
            assertEquals(1, monitorThreads("monitor-default"));
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void aPoolWithoutBlockingPermitsShouldNotStartIt() throws InterruptedException {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).maxBlocking(0)
                .namePrefix("monitor-none").build();
        try {
            assertEquals(0, monitorThreads("monitor-none"));
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void aPinnedPoolShouldNotStartIt() throws InterruptedException {
        final ThreadPool pool = pinned("monitor-pinned").build();
        try {
            assertEquals(0, monitorThreads("monitor-pinned"));
        } finally {
            shutdownAndAwait(pool);
        }
    }
}
