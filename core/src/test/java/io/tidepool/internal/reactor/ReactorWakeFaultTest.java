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

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Unpark;
import io.tidepool.internal.park.IdleSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reactor's wake whose custom {@code Unpark} throws (issue 15, item 3, the reactor's path):
 * the submitter does not see the throw, it is reported, and the sleeping reactor still wakes.
 */
@Timeout(30)
class ReactorWakeFaultTest {
    private static final RuntimeException UNPARK_FAILURE = new IllegalStateException("unpark failed");

    @Test
    void aThrowingUnparkShouldBeReportedAndTheReactorStillWoken() throws Exception {
        final ReactorWake wake = new ReactorWake();
        final IdleSet idle = new IdleSet(1);
        final CountDownLatch asleep = new CountDownLatch(1);
        final Thread reactor = new Thread(() -> {
            wake.bind();
            wake.sleeping();
            idle.transitionToParked(0, false);
            asleep.countDown();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (idle.sleepState(0) == IdleSet.PARKED && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
            }
            wake.disarm();
        }, "reactor-wake-fault");
        reactor.start();
        assertTrue(asleep.await(20, TimeUnit.SECONDS), "the reactor never went to sleep");
        final List<Throwable> reported = new CopyOnWriteArrayList<>();
        final Unpark throwing = () -> {
            throw UNPARK_FAILURE;
        };
        assertDoesNotThrow(() -> wake.wakeAfterPublish(idle, 0, throwing, reported::add),
                "the submitter of a queued message");
        assertEquals(List.of(UNPARK_FAILURE), reported);
        reactor.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(reactor.isAlive(), "the reactor was not woken");
        assertEquals(IdleSet.AWAKE, idle.sleepState(0));
    }
}
