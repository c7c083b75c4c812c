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

import io.tidepool.pinned.CpuSet;
import io.tidepool.pinned.Reactor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The main class of {@link OptionalAgronaTest}'s child JVMs, run without Agrona on the class
 * path: uses a pool as an application that never heard of Agrona does and prints what it saw.
 * {@code default}: a default pool runs tasks. {@code pinned}: a pinned pool with the built-in
 * idle strategy runs tasks and per-core messages. {@code strategy}: a pinned pool given an
 * idle strategy supplier; prints the message {@code build()} fails with.
 */
public final class NoAgronaChild {
    private NoAgronaChild() {}

    /**
     * Runs the mode named by {@code args[0]}.
     *
     * @param args the mode
     * @throws Exception if the tasks do not run in time
     */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "default":
                try (ThreadPool pool = ThreadPool.builder().poolSize(2).build()) {
                    System.out.println("default ran=" + runTasks(pool));
                }
                break;
            case "pinned":
                final CpuSet cpus = CpuSet.of(CpuSet.allowed().cpu(0));
                try (ThreadPool pool = ThreadPool.builder().pinnedCores(cpus).build()) {
                    final int ran = runTasks(pool);
                    final CountDownLatch message = new CountDownLatch(1);
                    final int[] core = {-1};
                    pool.core(cpus.cpu(0)).execute(() -> {
                        core[0] = Reactor.currentCore();
                        message.countDown();
                    });
                    check(message.await(30, TimeUnit.SECONDS), "message did not run");
                    System.out.println("pinned ran=" + ran + " core=" + (core[0] == cpus.cpu(0)));
                }
                break;
            case "strategy":
                // what tidepool receives from an application's idleStrategy call: a supplier it
                // has not called yet (a lambda naming an Agrona class would already fail in the
                // application, when the JVM links the lambda)
                @SuppressWarnings("unchecked")
                final Supplier<org.agrona.concurrent.IdleStrategy> strategies =
                        (Supplier<org.agrona.concurrent.IdleStrategy>) (Supplier<?>) () -> "no Agrona";
                try {
                    ThreadPool.builder().pinnedCores(CpuSet.of(CpuSet.allowed().cpu(0)))
                            .idleStrategy(strategies).build().close();
                    System.out.println("strategy built");
                } catch (IllegalStateException e) {
                    System.out.println("strategy refused: " + e.getMessage());
                }
                break;
            default:
                throw new IllegalArgumentException("unknown mode: " + args[0]);
        }
    }

    private static int runTasks(ThreadPool pool) throws InterruptedException {
        final int n = 100;
        final CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.execute(done::countDown);
        }
        check(done.await(30, TimeUnit.SECONDS), "tasks did not run: " + pool);
        return n;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
