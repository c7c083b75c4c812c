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

import static io.tidepool.TestSupport.shutdownAndAwait;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Builder validation and defaults. */
@Timeout(30)
class ThreadPoolBuilderTest {
    private static void assertInvalid(Consumer<ThreadPoolBuilder> setting, String message) {
        final ThreadPoolBuilder builder = ThreadPool.builder();
        setting.accept(builder);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals(message, e.getMessage());
    }

    private static void assertInvalidNaming(Consumer<ThreadPoolBuilder> setting, String name, String value) {
        final ThreadPoolBuilder builder = ThreadPool.builder();
        setting.accept(builder);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().contains(name), "message does not name " + name + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(value), "message does not name " + value + ": " + e.getMessage());
    }

    @Test
    void shouldRejectPoolSizesOutsideOneTo32768NamingTheValue() {
        assertInvalid(b -> b.poolSize(0), "poolSize must be in 1..32768: 0");
        assertInvalid(b -> b.poolSize(32769), "poolSize must be in 1..32768: 32769");
        assertInvalid(b -> b.poolSize(-1), "poolSize must be in 1..32768: -1");
        assertInvalid(b -> b.poolSize(Integer.MIN_VALUE), "poolSize must be in 1..32768: " + Integer.MIN_VALUE);
    }

    @Test
    void shouldRejectInvalidValuesNamingTheSettingAndTheValue() {
        assertInvalidNaming(b -> b.stackSize(-1), "stackSize", "-1");
        assertInvalidNaming(b -> b.maxBlocking(-1), "maxBlocking", "-1");
        assertInvalidNaming(b -> b.maxBlocking(32769), "maxBlocking", "32769");
        assertInvalidNaming(b -> b.keepAlive(Duration.ZERO), "keepAlive", Duration.ZERO.toString());
        assertInvalidNaming(b -> b.keepAlive(Duration.ofMillis(-5)), "keepAlive", Duration.ofMillis(-5).toString());
        assertInvalidNaming(b -> b.namePrefix(""), "namePrefix", "''");
        assertInvalidNaming(b -> b.namePrefix("  \t"), "namePrefix", "'  \t'");
    }

    @Test
    void shouldRejectNullArgumentsWithNullPointerException() {
        final ThreadPoolBuilder b = ThreadPool.builder();
        assertThrows(NullPointerException.class, () -> b.namePrefix(null));
        assertThrows(NullPointerException.class, () -> b.afterStart(null));
        assertThrows(NullPointerException.class, () -> b.beforeStop(null));
        assertThrows(NullPointerException.class, () -> b.aroundWorker(null));
        assertThrows(NullPointerException.class, () -> b.uncaughtExceptionHandler(null));
        assertThrows(NullPointerException.class, () -> b.customPark(null));
        assertThrows(NullPointerException.class, () -> b.keepAlive(null));
    }

    @Test
    void shouldFailTheBuildWhenCustomParkReturnsNull() {
        final ThreadPoolBuilder b = ThreadPool.builder().poolSize(1).customPark(id -> null);
        assertThrows(NullPointerException.class, b::build);
    }

    @Test
    void shouldAcceptBoundaryValues() throws Exception {
        final ThreadPool pool = ThreadPool.builder().poolSize(1).stackSize(0).maxBlocking(0)
                .keepAlive(Duration.ofNanos(1)).namePrefix("x").build();
        assertEquals(1, pool.poolSize());
        assertEquals("x", pool.name());
        shutdownAndAwait(pool);
        final ThreadPool big = ThreadPool.builder().poolSize(1).stackSize(1 << 20).maxBlocking(32768).build();
        shutdownAndAwait(big);
    }

    @Test
    void shouldDefaultToOneWorkerPerAvailableProcessorAndDaemonThreads() throws Exception {
        final ThreadPool a = ThreadPool.builder().build();
        final ThreadPool b = ThreadPool.builder().build();
        try {
            assertEquals(Runtime.getRuntime().availableProcessors(), a.poolSize());
            assertTrue(a.name().startsWith("tidepool-"), a.name());
            assertTrue(!a.name().equals(b.name()), "two default pools share a name: " + a.name());
            final java.util.concurrent.CompletableFuture<Boolean> daemon = new java.util.concurrent.CompletableFuture<>();
            a.execute(() -> daemon.complete(Thread.currentThread().isDaemon()));
            assertTrue(daemon.get(20, java.util.concurrent.TimeUnit.SECONDS), "worker threads are daemons by default");
        } finally {
            shutdownAndAwait(a);
            shutdownAndAwait(b);
        }
    }
}
