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
