/**
 * tidepool core: the work-stealing {@link io.tidepool.ThreadPool}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.tidepool {
    requires org.jctools.core.jdk11;
    // pinned-core mode: Agrona's idle strategies appear in the builder's API (the jar's
    // Automatic-Module-Name is org.agrona); only classes that do not touch Agrona's UnsafeApi are
    // used, so no --add-exports is needed
    requires transitive org.agrona;
    // JMX is part of Java SE, so every full runtime has it; a plain requires keeps
    // ThreadPoolBuilder.jmx(true) working in a named-module application without flags.
    requires java.management;
    // JFR is in every OpenJDK build but not in Java SE: optional, events are emitted only when
    // the module is present and readable (see internal.metrics.JfrSupport).
    requires static jdk.jfr;
    // Micrometer is optional: only io.tidepool.micrometer uses it, and an application that binds
    // TidepoolMetrics requires micrometer.core itself (not transitive: "static transitive" would
    // make every module that requires io.tidepool need Micrometer to compile)
    requires static micrometer.core;
    // Micrometer's context-propagation library is optional too: only
    // io.tidepool.micrometer.ContextSnapshots uses it
    requires static context.propagation;

    exports io.tidepool;
    exports io.tidepool.pinned;
    exports io.tidepool.micrometer;
    // the blocking module calls the hand-off layer's BlockingSpi and nothing else internal
    exports io.tidepool.internal.handoff to io.tidepool.blocking;
}
