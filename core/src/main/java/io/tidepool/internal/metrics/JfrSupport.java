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
