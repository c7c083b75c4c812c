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

package io.tidepool.bench.pinned;

import io.tidepool.ThreadPool;
import io.tidepool.blocking.Blocking;
import io.tidepool.pinned.CoreExecutor;
import io.tidepool.pinned.CpuSet;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one blocking section on a reactor, as the reactor's next message sees it: a message
 * runs an empty {@code Blocking.run} section (in pinned-core mode the core moves to a backup
 * thread at the section's entry, which pins itself to the reactor's CPU, and the section's thread
 * pins itself to the unaffinitized CPUs), and the next message is sent when the previous one has
 * finished. Each operation therefore includes both pins.
 *
 * <p>Run it twice on JDK 22+ to compare the two ways of pinning: with
 * {@code --enable-native-access=ALL-UNNAMED} (a {@code sched_setaffinity} system call) and
 * without (a {@code taskset} process per pin).
 *
 * <pre>
 *   java [--enable-native-access=ALL-UNNAMED] -cp benchmarks/target/benchmarks.jar \
 *       io.tidepool.bench.pinned.PinnedHandOffCost [sections]
 * </pre>
 * Prints the median, p90 and p99 of the time from sending a message to its section's end.
 */
public final class PinnedHandOffCost {
    private PinnedHandOffCost() {}

    /**
     * Runs the measurement.
     *
     * @param args optionally the number of sections (default 200); the first 20 are warm-up
     * @throws Exception if a section fails or a message times out
     */
    public static void main(String[] args) throws Exception {
        final int sections = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        final int warmup = 20;
        final CpuSet allowed = CpuSet.allowed();
        final int cpu = allowed.cpu(0);
        final long[] nanos = new long[sections];
        try (ThreadPool pool = ThreadPool.builder().pinnedCores(CpuSet.parse(Integer.toString(cpu)))
                .build()) {
            final CoreExecutor core = pool.core(cpu);
            for (int i = 0; i < warmup + sections; i++) {
                final CompletableFuture<Long> done = new CompletableFuture<>();
                final long sent = System.nanoTime();
                core.execute(() -> {
                    try {
                        Blocking.run(() -> { });
                        done.complete(System.nanoTime() - sent);
                    } catch (Throwable t) {
                        done.completeExceptionally(t);
                    }
                });
                final long took = done.get(30, TimeUnit.SECONDS);
                if (i >= warmup) {
                    nanos[i - warmup] = took;
                }
            }
        }
        Arrays.sort(nanos);
        System.out.printf("sections=%d cpu=%d java=%s median=%.1f us p90=%.1f us p99=%.1f us%n",
                sections, cpu, Runtime.version(), nanos[sections / 2] / 1e3,
                nanos[(int) (sections * 0.9)] / 1e3, nanos[(int) (sections * 0.99)] / 1e3);
    }
}
