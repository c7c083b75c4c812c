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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

/** The choice of a reactor's idle strategy, with Agrona on the path (the test class path). */
class ReactorIdlesTest {
    @Test
    void withoutAUserStrategyEachReactorShouldGetItsOwnBuiltInBackoff() {
        final Supplier<ReactorIdle> idles = ReactorIdles.of(null);
        final ReactorIdle a = idles.get();
        assertInstanceOf(BackoffIdle.class, a);
        assertTrue(a != idles.get(), "one instance per reactor");
    }

    @Test
    void aUserStrategyShouldBeCalledOncePerReactorAndReceiveEveryWorkCount() {
        final AtomicInteger created = new AtomicInteger();
        final int[] last = {-1};
        final Supplier<ReactorIdle> idles = ReactorIdles.of(() -> {
            created.incrementAndGet();
            return new IdleStrategy() {
                @Override
                public void idle(int workCount) {
                    last[0] = workCount;
                }

                @Override
                public void idle() {}

                @Override
                public void reset() {}
            };
        });
        assertEquals(0, created.get(), "no strategy before a reactor asks");
        final ReactorIdle idle = idles.get();
        assertEquals(1, created.get());
        idle.idle(7);
        assertEquals(7, last[0]);
        idle.idle(0);
        assertEquals(0, last[0]);
        assertTrue(idle.mayPark(), "a custom strategy may park");
    }

    @Test
    void onlyTheStrategiesThatNeverParkShouldSkipTheWakeWord() {
        assertFalse(adapted(BusySpinIdleStrategy::new).mayPark());
        assertFalse(adapted(() -> NoOpIdleStrategy.INSTANCE).mayPark());
        assertFalse(adapted(YieldingIdleStrategy::new).mayPark());
        assertTrue(adapted(BackoffIdleStrategy::new).mayPark());
        assertTrue(adapted(() -> new SleepingMillisIdleStrategy(1)).mayPark());
    }

    @Test
    void aSupplierReturningNullOrNotAStrategyShouldFailNamingIt() {
        final NullPointerException npe = assertThrows(NullPointerException.class,
                () -> ReactorIdles.of(() -> null).get());
        assertEquals("idleStrategy supplier returned null", npe.getMessage());
        final IllegalArgumentException iae = assertThrows(IllegalArgumentException.class,
                () -> ReactorIdles.of(() -> "spin").get());
        assertEquals("idleStrategy supplier returned a java.lang.String, not an "
                + "org.agrona.concurrent.IdleStrategy", iae.getMessage());
    }

    private static ReactorIdle adapted(Supplier<? extends IdleStrategy> s) {
        return ReactorIdles.of(s).get();
    }
}
