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

package io.tidepool.internal.metrics;

import java.util.Optional;

/**
 * Whether JFR event classes can be used at all. This class touches no {@code jdk.jfr} type, so
 * it loads where that module is missing; {@link JfrEvents}, which does, is only reached behind
 * {@link #AVAILABLE}.
 *
 * <p>The core module declares {@code requires static jdk.jfr}: {@code jdk.jfr} is part of every
 * OpenJDK build but not of the Java SE specification, and a {@code jlink} image may leave it out.
 * On the class path it is always resolved when present. An application in a named module that
 * does not itself require it gets it with {@code --add-modules jdk.jfr}.
 */
final class JfrSupport {
    /** Whether {@code jdk.jfr} is in the boot layer and readable by this module. */
    static final boolean AVAILABLE = detect();

    private JfrSupport() {}

    private static boolean detect() {
        final Optional<Module> jfr = ModuleLayer.boot().findModule("jdk.jfr");
        return jfr.isPresent() && JfrSupport.class.getModule().canRead(jfr.get());
    }
}
