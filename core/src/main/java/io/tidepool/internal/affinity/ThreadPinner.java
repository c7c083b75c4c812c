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
 * How {@link LinuxAffinity} sets and reads the affinity of the calling thread: natively through
 * the FFM API ({@link NativeAffinity}, JDK 22+ with native access enabled) or by running
 * {@code taskset} ({@link TasksetPinner}). Everything else the backend needs it reads from
 * {@code /proc} and {@code /sys} itself.
 *
 * <p>Implementations are thread-safe: any thread may call them, each for itself.
 */
interface ThreadPinner {
    /** {@return the name {@link LinuxAffinity} reports with this pinner, as {@code "linux-ffm"}} */
    String name();

    /**
     * Restricts the calling thread to {@code cpus}.
     *
     * @param cpus the CPUs the thread may run on; not empty
     * @throws AffinityException if the system refused, with its reason
     */
    void pinCurrentThread(CpuSet cpus);

    /** {@return the CPUs the calling thread may run on} */
    CpuSet currentThreadAllowed();
}
