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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import io.tidepool.internal.worker.ThreadStarts;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 4: {@code build()} either succeeds or leaves nothing behind. A thread that
 * cannot start (injected by name through {@link ThreadStarts}, as the JVM fails when the process
 * is out of threads) fails {@code build()} with every thread already started stopped and joined.
 */
@Timeout(60)
class BuildFailureTest {
    @AfterEach
    void noMoreFailures() {
        ThreadStarts.failStarts(null);
    }

    /** The live threads whose name starts with {@code prefix}. */
    private static List<String> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .map(Thread::getName).sorted().collect(Collectors.toList());
    }

    @Test
    void aWorkerThatCannotStartShouldStopTheStartedWorkersAndTheMonitor() {
        final String prefix = "build-fail-worker";
        ThreadStarts.failStarts(name -> name.equals(prefix + "-worker-2"));
        final OutOfMemoryError e = assertThrows(OutOfMemoryError.class,
                () -> ThreadPool.builder().poolSize(4).namePrefix(prefix)
                        .detectBlocking(Duration.ofMillis(100)).build());
        assertTrue(e.getMessage().contains(prefix + "-worker-2"), e.getMessage());
        // build() joined what it started: no wait needed
        assertEquals(List.of(), liveThreads(prefix + "-"));
    }

    @Test
    void aMonitorThatCannotStartShouldLeaveNoThread() {
        final String prefix = "build-fail-monitor";
        ThreadStarts.failStarts(name -> name.equals(prefix + "-detector"));
        assertThrows(OutOfMemoryError.class,
                () -> ThreadPool.builder().poolSize(2).namePrefix(prefix).build());
        assertEquals(List.of(), liveThreads(prefix + "-"));
    }
}
