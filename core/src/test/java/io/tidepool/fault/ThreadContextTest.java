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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.ThreadPool;
import io.tidepool.ThreadPoolBuilder;
import io.tidepool.internal.affinity.Affinities;
import io.tidepool.pinned.CpuSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 12: threads made on demand for {@code spawnBlocking} and unaffinitized work take
 * the pool creator's context class loader and no inherited thread-locals, whichever caller
 * happened to trigger their creation (one tenant must not see another's values).
 */
@Timeout(60)
class ThreadContextTest {
    private static final InheritableThreadLocal<String> TENANT = new InheritableThreadLocal<>();

    /** What a body saw of its thread. */
    private record Seen(ClassLoader loader, String tenant) {}

    private static final class Loader extends ClassLoader {
        Loader() {
            super(ThreadContextTest.class.getClassLoader());
        }
    }

    /**
     * Builds the pool with {@code creator} as context class loader, then spawns one body from a
     * tenant thread with a loader and an inheritable value of its own.
     */
    private static Seen spawnFromTenant(ThreadPoolBuilder builder, ClassLoader creator,
            BiFunction<ThreadPool, Callable<Seen>, CompletableFuture<Seen>> spawn)
            throws Exception {
        final Thread self = Thread.currentThread();
        final ClassLoader saved = self.getContextClassLoader();
        final ThreadPool pool;
        self.setContextClassLoader(creator);
        try {
            pool = builder.build();
        } finally {
            self.setContextClassLoader(saved);
        }
        try {
            final AtomicReference<Object> out = new AtomicReference<>();
            final Thread tenant = new Thread(() -> {
                Thread.currentThread().setContextClassLoader(new Loader());
                TENANT.set("tenant");
                try {
                    out.set(spawn.apply(pool, () -> new Seen(
                            Thread.currentThread().getContextClassLoader(), TENANT.get()))
                            .get(WAIT_SECONDS, TimeUnit.SECONDS));
                } catch (Throwable t) {
                    out.set(t);
                }
            }, "tenant");
            tenant.start();
            tenant.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            if (out.get() instanceof Throwable t) {
                throw new AssertionError("the body failed", t);
            }
            return (Seen) out.get();
        } finally {
            shutdownAndAwait(pool);
        }
    }

    @Test
    void aSpawnBlockingThreadShouldTakeTheCreatorsLoaderAndNoTenantValues() throws Exception {
        final ClassLoader creator = new Loader();
        final Seen seen = spawnFromTenant(ThreadPool.builder().poolSize(1).namePrefix("ctx-blocking"),
                creator, (pool, body) -> pool.spawnBlocking(body));
        assertSame(creator, seen.loader(), "context class loader of the blocking thread");
        assertNull(seen.tenant(), "an inherited value of the tenant that made the thread");
    }

    @Test
    void anUnaffinitizedThreadShouldTakeTheCreatorsLoaderAndNoTenantValues() throws Exception {
        assumeTrue(Affinities.backend().unsupportedReason() == null, "no affinity support");
        final ClassLoader creator = new Loader();
        final Seen seen = spawnFromTenant(ThreadPool.builder()
                        .pinnedCores(CpuSet.of(CpuSet.allowed().cpu(0))).namePrefix("ctx-unaff"),
                creator, (pool, body) -> pool.spawnUnaffinitized(body));
        assertSame(creator, seen.loader(), "context class loader of the unaffinitized thread");
        assertNull(seen.tenant(), "an inherited value of the tenant that made the thread");
    }
}
