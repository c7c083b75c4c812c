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

import java.util.Objects;
import java.util.function.Supplier;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * A user's Agrona {@link IdleStrategy} as a {@link ReactorIdle}. The only main class that names
 * Agrona types in code: it is loaded only through {@link ReactorIdles#of(Supplier)} when the
 * user set {@code idleStrategy}, after the check that Agrona is there, so a pool that never
 * does loads no Agrona class (tested in a child JVM without Agrona on its path).
 */
final class AgronaIdle implements ReactorIdle {
    private final IdleStrategy strategy;
    private final boolean mayPark;

    private AgronaIdle(IdleStrategy strategy) {
        this.strategy = strategy;
        // these three never park; every other strategy (Backoff, Sleeping*, custom) may
        this.mayPark = !(strategy instanceof BusySpinIdleStrategy
                || strategy instanceof NoOpIdleStrategy
                || strategy instanceof YieldingIdleStrategy);
    }

    /**
     * Adapts the user's supplier: each call creates one strategy and wraps it.
     *
     * @param strategies the user's {@code idleStrategy} supplier, typed
     *     {@code Supplier<? extends IdleStrategy>} in the builder's API
     * @return a supplier of adapters; it throws {@link NullPointerException} if the user's
     *     supplier returns null and {@link IllegalArgumentException} if it returns something else
     *     than an {@code IdleStrategy} (possible only through a raw or unchecked call)
     */
    static Supplier<ReactorIdle> adapt(Supplier<?> strategies) {
        return () -> {
            final Object s = Objects.requireNonNull(strategies.get(),
                    "idleStrategy supplier returned null");
            if (!(s instanceof IdleStrategy)) {
                throw new IllegalArgumentException("idleStrategy supplier returned a "
                        + s.getClass().getName() + ", not an org.agrona.concurrent.IdleStrategy");
            }
            return new AgronaIdle((IdleStrategy) s);
        };
    }

    @Override
    public void idle(int workCount) {
        strategy.idle(workCount);
    }

    @Override
    public boolean mayPark() {
        return mayPark;
    }
}
