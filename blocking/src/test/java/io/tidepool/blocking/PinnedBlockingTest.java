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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidepool.ThreadPool;
import io.tidepool.pinned.CpuSet;
import io.tidepool.pinned.Reactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A blocking section on a reactor: the core moves to a backup pinned to the reactor's CPU. */
class PinnedBlockingTest {
    private static String allowedList() throws Exception {
        final String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
        final String tid = link.substring(link.lastIndexOf('/') + 1);
        for (String line : Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring("Cpus_allowed_list:".length()).strip();
            }
        }
        throw new AssertionError("no Cpus_allowed_list");
    }

    @Test
    void blockingOnAReactorShouldMoveTheCoreToABackupPinnedToItsCpu() throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "needs Linux /proc");
        final CpuSet allowed = CpuSet.allowed();
        final int cpu = allowed.cpu(0);
        final CpuSet rest = allowed.minus(CpuSet.of(cpu));
        final CpuSet unaffinitized = rest.isEmpty() ? allowed : rest;
        try (ThreadPool pool = ThreadPool.builder().pinnedCores(CpuSet.of(cpu))
                .strictAffinity(true).namePrefix("pinned-blocking").build()) {
            final CountDownLatch inSection = new CountDownLatch(1);
            final CountDownLatch gate = new CountDownLatch(1);
            final CompletableFuture<String> section = new CompletableFuture<>();
            final CompletableFuture<String> reactorBefore = new CompletableFuture<>();
            pool.core(cpu).execute(() -> {
                try {
                    reactorBefore.complete(Thread.currentThread().getId() + " " + allowedList());
                    Blocking.run(() -> {
                        section.complete(Thread.currentThread().getId() + " " + allowedList()
                                + " " + Reactor.isReactorThread());
                        inSection.countDown();
                        gate.await();
                    });
                } catch (Exception e) {
                    section.completeExceptionally(e);
                    inSection.countDown();
                }
            });
            assertTrue(inSection.await(30, TimeUnit.SECONDS), "section entered");
            // the core keeps running messages while its first thread blocks
            final CompletableFuture<String> backup = new CompletableFuture<>();
            pool.core(cpu).execute(() -> {
                try {
                    backup.complete(Thread.currentThread().getId() + " " + allowedList()
                            + " " + Reactor.currentCore());
                } catch (Exception e) {
                    backup.completeExceptionally(e);
                }
            });
            // threads compared by id: a thread's name follows its role (the backup running the
            // core is named for it too)
            final String[] b = backup.get(30, TimeUnit.SECONDS).split(" ");
            gate.countDown();
            final String[] s = section.get(30, TimeUnit.SECONDS).split(" ");
            final String[] r = reactorBefore.get(30, TimeUnit.SECONDS).split(" ");
            assertEquals(Integer.toString(cpu), r[1], "the reactor before the section");
            assertEquals(r[0], s[0], "the section runs on the thread that entered it");
            assertEquals(unaffinitized, CpuSet.parse(s[1]), "the section thread's CPUs");
            assertEquals("false", s[2], "a section thread has no core");
            assertNotEquals(r[0], b[0], "the backup is another thread");
            assertEquals(Integer.toString(cpu), b[1], "the backup's CPUs");
            assertEquals(Integer.toString(cpu), b[2], "the backup runs the core");
        }
    }
}
