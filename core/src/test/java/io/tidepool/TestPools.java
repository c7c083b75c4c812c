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

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The pools a test built, stopped and awaited after it (from an {@code @AfterEach}). */
final class TestPools {
    private final List<ThreadPool> pools = new ArrayList<>();

    /** Builds a pool and keeps it for {@link #stopAll()}. */
    ThreadPool build(ThreadPoolBuilder builder) {
        final ThreadPool p = builder.build();
        pools.add(p);
        return p;
    }

    /** Stops every pool built, failing unless each terminates in time. */
    void stopAll() throws InterruptedException {
        for (ThreadPool p : pools) {
            p.shutdownNow();
            assertTrue(p.awaitTermination(TestSupport.WAIT_SECONDS, TimeUnit.SECONDS), p.toString());
        }
    }
}
