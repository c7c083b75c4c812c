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

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/**
 * The native pinner on JDK 22+: the multi-release version of the JDK 17 class of this name, with
 * the same API. It makes an {@link FfmPinner} when the application enabled native access for
 * tidepool, and checks that before anything restricted is called (see {@link FfmPinner}).
 */
final class NativeAffinity {
    private NativeAffinity() {}

    /**
     * The native pinner, or null with the reason passed to {@code unavailable}: native access
     * not enabled for this class's module, or the C library lacks the two functions.
     *
     * @param unavailable receives why there is no native pinner (logged at DEBUG by the caller)
     * @return the pinner, or null
     */
    static ThreadPinner load(Consumer<String> unavailable) {
        final Module module = NativeAffinity.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            unavailable.accept("native access is not enabled for " + (module.isNamed()
                    ? "module " + module.getName() + " (--enable-native-access=" + module.getName()
                    : "the class path (--enable-native-access=ALL-UNNAMED") + " turns it on)");
            return null;
        }
        final Linker linker = Linker.nativeLinker();
        final MemorySegment set = linker.defaultLookup().find("sched_setaffinity").orElse(null);
        final MemorySegment get = linker.defaultLookup().find("sched_getaffinity").orElse(null);
        if (set == null || get == null) {
            unavailable.accept("the C library has no sched_setaffinity/sched_getaffinity");
            return null;
        }
        return new FfmPinner(linker, set, get);
    }
}
