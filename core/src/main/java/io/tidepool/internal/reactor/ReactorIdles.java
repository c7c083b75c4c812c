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

package io.tidepool.internal.reactor;

import java.util.function.Supplier;

/**
 * Chooses the reactors' idle strategy without naming an Agrona type: tidepool's
 * {@link BackoffIdle} by default, the user's Agrona strategy through {@link AgronaIdle} when set.
 * Agrona is an optional dependency, so setting a strategy first checks that Agrona is there and
 * readable, and fails {@code build()} with the coordinates to add if not.
 */
public final class ReactorIdles {
    /** The Agrona version tidepool is built and tested with; a test keeps it equal to the pom's. */
    public static final String AGRONA_VERSION = "2.6.0";
    /** The class every Agrona idle strategy implements. */
    static final String IDLE_STRATEGY = "org.agrona.concurrent.IdleStrategy";

    private ReactorIdles() {}

    /**
     * The reactors' idle strategies.
     *
     * @param agronaStrategies the user's {@code idleStrategy} supplier, or null for tidepool's
     *     backoff
     * @return a supplier called once per reactor
     * @throws IllegalStateException if a supplier is given and Agrona is absent, or present but
     *     not readable by tidepool's module
     */
    public static Supplier<ReactorIdle> of(Supplier<?> agronaStrategies) {
        if (agronaStrategies == null) {
            return BackoffIdle::new;
        }
        requireAgrona();
        return AgronaIdle.adapt(agronaStrategies);
    }

    private static void requireAgrona() {
        final Module self = ReactorIdles.class.getModule();
        final Class<?> idleStrategy;
        try {
            idleStrategy = Class.forName(IDLE_STRATEGY, false, ReactorIdles.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("idleStrategy needs Agrona, an optional dependency "
                    + "of tidepool: add org.agrona:agrona:" + AGRONA_VERSION + " to the "
                    + (self.isNamed() ? "module path (module org.agrona, required by your module or added with --add-modules)" : "class path")
                    + ", or drop idleStrategy to use tidepool's built-in backoff (" + e + ")", e);
        }
        if (!self.canRead(idleStrategy.getModule())) {
            throw new IllegalStateException("idleStrategy needs Agrona, but module " + self.getName()
                    + " cannot read " + idleStrategy.getModule() + ": put org.agrona:agrona:"
                    + AGRONA_VERSION + " on the module path, not the class path");
        }
    }
}
