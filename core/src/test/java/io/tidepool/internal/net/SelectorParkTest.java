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

package io.tidepool.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SelectorPark} and {@link IoRegistration} on a pipe, without a pool. */
class SelectorParkTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    /** The worker the calling thread "runs": 0 makes the test thread the owner. */
    private volatile int current = -1;
    private Selectors group;
    private SelectorPark park;
    private Pipe pipe;
    private IoRegistration reg;
    private final AtomicInteger wakes = new AtomicInteger();

    @BeforeEach
    void open() throws IOException {
        group = new Selectors(() -> current);
        park = group.newPark(0);
        group.seal();
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        reg = group.register(pipe.source());
    }

    @AfterEach
    void close() throws IOException {
        if (park.isOpen()) {
            park.close();
        }
        pipe.sink().close();
    }

    private void writeByte() throws IOException {
        pipe.sink().write(ByteBuffer.wrap(new byte[] {7}));
    }

    @Test
    void shouldReturnAtOnceFromAParkAfterAnEarlierUnpark() {
        park.unparker().unpark();
        assertTimeoutPreemptively(LIMIT, () -> park.park());
    }

    @Test
    void shouldWakeAParkBlockedInSelectFromAnotherThread() throws Exception {
        final CountDownLatch returned = new CountDownLatch(1);
        final CountDownLatch entering = new CountDownLatch(1);
        final Thread owner = new Thread(() -> {
            entering.countDown();
            park.park();
            returned.countDown();
        });
        owner.start();
        assertTrue(entering.await(LIMIT.toSeconds(), TimeUnit.SECONDS));
        park.unparker().unpark();
        assertTrue(returned.await(LIMIT.toSeconds(), TimeUnit.SECONDS), "the park was not woken");
        owner.join();
    }

    @Test
    void shouldReturnAfterTheTimeoutWhenNobodyUnparks() {
        final long start = System.nanoTime();
        assertTimeoutPreemptively(LIMIT, () -> park.park(Duration.ofMillis(30)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(25),
                "returned after " + (System.nanoTime() - start) + " ns");
    }

    @Test
    void shouldApplyAnArmQueuedByAnotherThreadAndWakeOnReadiness() throws Exception {
        writeByte();
        final Thread other = new Thread(() -> reg.arm(SelectionKey.OP_READ, wakes::incrementAndGet));
        other.start();
        other.join();
        assertTimeoutPreemptively(LIMIT, () -> {
            while (wakes.get() == 0) {
                park.park();
            }
        });
        assertEquals(1, wakes.get());
    }

    @Test
    void shouldWakeEachArmOnceAndDropTheInterestWhenNobodyReArmed() throws Exception {
        current = 0;
        reg.arm(SelectionKey.OP_READ, wakes::incrementAndGet);
        final SelectionKey key = park.selector().keys().iterator().next();
        assertEquals(SelectionKey.OP_READ, key.interestOps(), "the owner registered directly");
        writeByte();
        park.pollNow();
        assertEquals(1, wakes.get());
        assertEquals(SelectionKey.OP_READ, key.interestOps(), "kept for a re-arm without a syscall");
        // the byte is still unread and nobody armed again: reported once more, not woken
        park.pollNow();
        assertEquals(1, wakes.get());
        assertEquals(0, key.interestOps(), "dropped once a select found nobody armed");
        reg.arm(SelectionKey.OP_READ, wakes::incrementAndGet);
        park.pollNow();
        assertEquals(2, wakes.get(), "a new arm sees the byte that is still there");
    }

    @Test
    void shouldCloseTheSelectorAndEveryChannelWhenTheParkCloses() throws Exception {
        final Pipe unregistered = Pipe.open();
        unregistered.source().configureBlocking(false);
        group.register(unregistered.source());
        current = 0;
        reg.arm(SelectionKey.OP_READ, wakes::incrementAndGet);
        park.close();
        assertFalse(park.isOpen());
        assertFalse(pipe.source().isOpen(), "registered channel");
        assertFalse(unregistered.source().isOpen(), "channel no task waited on");
        assertEquals(0, group.openChannels());
        assertTrue(group.isClosed());
        unregistered.sink().close();
    }

    @Test
    void shouldWakeTheWaiterWhenTheChannelIsClosedElsewhere() throws Exception {
        current = 0;
        reg.arm(SelectionKey.OP_READ, wakes::incrementAndGet);
        current = -1;
        reg.close();
        assertEquals(1, wakes.get());
        assertFalse(pipe.source().isOpen());
        assertEquals(0, group.openChannels());
        // the queued flush makes the owner's next park return and drop the cancelled key
        assertTimeoutPreemptively(LIMIT, () -> park.park());
        assertTrue(park.selector().keys().isEmpty(), "the selector dropped the closed channel");
    }
}
