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

/**
 * Main class of the child JVMs of {@link NativeAffinityIT}: detects the backend, pins the main
 * thread to the last CPU the process may use, and prints {@code backend=}, {@code reason=}
 * (why not native, or null) and {@code pinned=} (the thread's allowed CPUs read back), one per
 * line. Its stderr must stay empty: that is where a JDK prints restricted-method warnings.
 */
public final class AffinityProbe {
    private AffinityProbe() {}

    /**
     * Runs the probe.
     *
     * @param args none
     */
    public static void main(String[] args) {
        final AffinityBackend backend = Affinities.backend();
        System.out.println("backend=" + backend.name());
        System.out.println("reason=" + (backend instanceof LinuxAffinity
                ? ((LinuxAffinity) backend).nativeUnavailableReason()
                : backend.unsupportedReason()));
        final CpuSet allowed = backend.processAllowed();
        backend.pinCurrentThread(CpuSet.of(allowed.cpu(allowed.size() - 1)));
        System.out.println("pinned=" + backend.currentThreadAllowed());
    }
}
