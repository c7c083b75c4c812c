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

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.ThreadPool;
import io.tidepool.ThreadPoolBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Helpers of the pinned-mode tests: bounded waits only, and /proc readers. */
final class PinnedTestSupport {
    static final long WAIT_SECONDS = 30;

    private PinnedTestSupport() {}

    /** The first two allowed CPUs (or the only one), the reactor set of most tests. */
    static CpuSet testCpus() {
        final CpuSet allowed = CpuSet.allowed();
        return allowed.size() >= 2 ? CpuSet.of(allowed.cpu(0), allowed.cpu(1)) : allowed;
    }

    static ThreadPoolBuilder pinned(String name) {
        return ThreadPool.builder().pinnedCores(testCpus()).namePrefix(name).strictAffinity(true);
    }

    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "timed out waiting for " + what);
    }

    static void shutdownAndAwait(ThreadPool pool) throws InterruptedException {
        pool.shutdown();
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS),
                "pool did not terminate: " + pool);
    }

    /** Field 39 of /proc/thread-self/stat, read here independently of the library. */
    static int runningCpu() throws Exception {
        final String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[39 - 3]);
    }

    /** The kernel id of the calling thread. */
    static long tid() throws Exception {
        final String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
        return Long.parseLong(link.substring(link.lastIndexOf('/') + 1));
    }

    /** Cpus_allowed_list of /proc/self/task/{tid}/status. */
    static String allowedList(long tid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring("Cpus_allowed_list:".length()).strip();
            }
        }
        throw new AssertionError("no Cpus_allowed_list for thread " + tid);
    }
}
