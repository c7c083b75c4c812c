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
