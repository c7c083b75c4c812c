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

import java.util.function.Consumer;

/**
 * The native pinner on JDK 17 to 21: there is none. This is the base version of a multi-release
 * class; the jar's {@code META-INF/versions/22} holds the version that makes a pinner calling
 * {@code sched_setaffinity} through the FFM API ({@code FfmPinner}), and a JVM of version 22+
 * loads that one from the jar. With this version {@link LinuxAffinity} falls back to
 * {@code taskset}; so it does on every JDK when the classes run from a directory rather than the
 * jar (the unit tests).
 *
 * <p>The JDK 22 version is built only when a JDK 22+ compiler is present (see core's pom): a
 * jar built without one holds only this version, on every JDK.
 */
final class NativeAffinity {
    private NativeAffinity() {}

    /**
     * The native pinner of this JDK, or null with the reason passed to {@code unavailable}.
     *
     * @param unavailable receives why there is no native pinner (logged at DEBUG by the caller)
     * @return null: the FFM API is final only from JDK 22
     */
    static ThreadPinner load(Consumer<String> unavailable) {
        final int feature = Runtime.version().feature();
        unavailable.accept(feature >= 22
                ? "tidepool's JDK 22 classes are not in use (classes run from a directory, or a"
                        + " jar built without them)"
                : "native pinning needs JDK 22+ (running " + feature + ")");
        return null;
    }
}
