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

/**
 * tidepool core: the work-stealing {@link io.tidepool.ThreadPool}.
 */
@SuppressWarnings("requires-automatic")
module io.tidepool {
    // pinned-core mode, optional: ThreadPoolBuilder.idleStrategy takes Agrona idle strategies
    // (the jar is an automatic module, org.agrona, which jlink refuses). Only
    // internal.reactor.AgronaIdle names Agrona types in code and it is loaded only when the user
    // sets an idle strategy; an application that does requires org.agrona itself. Only classes
    // that do not touch Agrona's UnsafeApi are used, so no --add-exports is needed
    requires static org.agrona;
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
    exports io.tidepool.net;
    // the blocking module calls the hand-off layer's BlockingSpi and nothing else internal
    exports io.tidepool.internal.handoff to io.tidepool.blocking;
}
