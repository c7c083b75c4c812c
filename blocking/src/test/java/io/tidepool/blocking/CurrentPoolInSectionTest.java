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

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import io.tidepool.Worker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ThreadPool.current()} inside a blocking section, where the worker went elsewhere. */
class CurrentPoolInSectionTest {

    @Test
    void shouldNameThePoolInsideAHandedOffSection() throws Exception {
        try (ThreadPool pool = ThreadPool.builder().namePrefix("cur-section").poolSize(2).build()) {
            final Object[] seen = pool.submit(() -> Blocking.blocking(() -> {
                // a section hands its worker off after a grace period: wait for that
                PoolThreads.awaitHandedOff();
                return new Object[] {
                    Blocking.inBlockingSection(), Worker.current().isPresent(),
                    ThreadPool.current().orElse(null)
                };
            })).get(10, TimeUnit.SECONDS);
            assertTrue((Boolean) seen[0], "the body ran in a blocking section");
            assertFalse((Boolean) seen[1], "the worker was handed to another thread");
            assertSame(pool, seen[2]);
        }
    }
}
