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

import io.tidepool.internal.affinity.Affinities;
import io.tidepool.internal.reactor.Reactors;

/**
 * Questions a thread can ask about itself in pinned-core mode (SPDK-RS's {@code Cores::current},
 * {@code Thread::is_spdk_thread}). All static, all about the calling thread.
 */
public final class Reactor {
    private Reactor() {}

    /**
     * The CPU of the reactor core the calling thread runs, or -1 if it runs none (not a pool
     * thread, a thread of a pool that is not pinned, or a thread in a blocking section).
     *
     * @return the core's CPU, or -1
     */
    public static int currentCore() {
        return Reactors.currentCpu();
    }

    /** {@return whether the calling thread runs a reactor core of a pinned pool} */
    public static boolean isReactorThread() {
        return Reactors.currentCpu() >= 0;
    }

    /**
     * The number of reactor cores of the calling thread's pool, or 0 if the calling thread is not
     * a reactor thread.
     *
     * @return the core count, or 0
     */
    public static int coreCount() {
        return Reactors.currentCoreCount();
    }

    /**
     * The affinity of the calling thread: its core's CPU and NUMA node on a reactor thread, else
     * {@link Affinity#NONE}.
     *
     * @return the affinity
     */
    public static Affinity currentAffinity() {
        return Reactors.currentAffinity();
    }

    /**
     * The CPU the calling thread is running on at this instant ({@code /proc/thread-self/stat}
     * on Linux), or -1 if the platform cannot tell; any thread. Reads a file: not for hot paths.
     *
     * @return the CPU number, or -1
     */
    public static int runningCpu() {
        return Affinities.backend().currentCpu();
    }
}
