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

package io.tidepool.internal.affinity;

import io.tidepool.pinned.CpuSet;
import java.util.Arrays;

/**
 * A rough measure of one pin: the calling thread alternates between the last allowed CPU and
 * all allowed CPUs, {@code count} times, and the median, 90th percentile and mean of the pins
 * are printed in microseconds. Not a benchmark for published figures (no JMH, no forks); it
 * shows the order of magnitude of {@code taskset} against the FFM system call.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED \
 *     -cp core/target/tidepool-core-VERSION.jar:core/target/test-classes \
 *     io.tidepool.internal.affinity.PinCost 200
 * </pre>
 * (JDK 22+ for the native line; without the flag, or on JDK 17, only the taskset line.)
 */
public final class PinCost {
    private PinCost() {}

    /**
     * Runs the measurement.
     *
     * @param args the number of pins per backend (default 200)
     */
    public static void main(String[] args) {
        final int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        measure(LinuxAffinity.detectTaskset(), count);
        final AffinityBackend detected = Affinities.backend();
        if (!detected.name().equals("linux-taskset")) {
            measure(detected, count);
        } else {
            System.out.println("no native pinner: "
                    + ((LinuxAffinity) detected).nativeUnavailableReason());
        }
    }

    private static void measure(AffinityBackend backend, int count) {
        final CpuSet all = backend.processAllowed();
        final CpuSet last = CpuSet.of(all.cpu(all.size() - 1));
        final long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            final CpuSet target = (i & 1) == 0 ? last : all;
            final long start = System.nanoTime();
            backend.pinCurrentThread(target);
            nanos[i] = System.nanoTime() - start;
        }
        backend.pinCurrentThread(all);
        final double mean = Arrays.stream(nanos).average().orElse(0) / 1_000.0;
        Arrays.sort(nanos);
        System.out.printf("%-14s %d pins: median %.1f us, p90 %.1f us, mean %.1f us%n",
                backend.name(), count, nanos[count / 2] / 1_000.0,
                nanos[count * 9 / 10] / 1_000.0, mean);
    }
}
