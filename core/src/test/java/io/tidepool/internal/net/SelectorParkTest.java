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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
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
    void shouldWakeEachArmOnceAndDropTheInterestWhenNobodyReArmedForSeveralSelects() throws Exception {
        current = 0;
        reg.arm(SelectionKey.OP_READ, wakes::incrementAndGet);
        final SelectionKey key = park.selector().keys().iterator().next();
        assertEquals(SelectionKey.OP_READ, key.interestOps(), "the owner registered directly");
        writeByte();
        park.pollNow();
        assertEquals(1, wakes.get());
        assertEquals(SelectionKey.OP_READ, key.interestOps(), "kept for a re-arm without a syscall");
        // the byte is still unread and nobody armed again: reported again, not woken, and
        // kept for a few selects (the woken task may still be queued)
        for (int i = 0; i < IoRegistration.UNWANTED_REPORTS_KEPT; i++) {
            park.pollNow();
            assertEquals(1, wakes.get());
            assertEquals(SelectionKey.OP_READ, key.interestOps(), "kept after " + (i + 1) + " unwanted reports");
        }
        park.pollNow();
        assertEquals(1, wakes.get());
        assertEquals(0, key.interestOps(), "dropped once selects in a row found nobody armed");
        reg.arm(SelectionKey.OP_READ, wakes::incrementAndGet);
        park.pollNow();
        assertEquals(2, wakes.get(), "a new arm sees the byte that is still there");
    }

    @Test
    void shouldArmWithoutAReadAfterAShortReadUntilASelectReportsTheChannelReadable() throws Exception {
        current = 0;
        final ByteBuffer buf = ByteBuffer.allocate(16);
        assertTrue(reg.mayRead(), "nothing known at first: a read makes its system call");
        writeByte();
        assertEquals(1, reg.read(pipe.source(), buf, wakes::incrementAndGet));
        assertFalse(reg.mayRead(), "a short read drained the pipe");
        assertTrue(reg.mayWrite(), "the write side is apart");
        // a byte that arrives now is not read: the read arms instead of making its system call
        writeByte();
        assertEquals(IoRegistration.NOT_READY, reg.read(pipe.source(), buf, wakes::incrementAndGet));
        assertEquals(1, buf.position(), "read nothing");
        assertEquals(0, wakes.get());
        // and the select reports it, sets the flag, then wakes the reader
        park.pollNow();
        assertEquals(1, wakes.get());
        assertTrue(reg.mayRead(), "set by the select that reported the byte");
        assertEquals(1, reg.read(pipe.source(), buf, wakes::incrementAndGet));
    }

    @Test
    void shouldKeepReadingWhileEachReadFillsTheBuffer() throws Exception {
        current = 0;
        writeByte();
        writeByte();
        assertEquals(1, reg.read(pipe.source(), ByteBuffer.allocate(1), wakes::incrementAndGet));
        assertTrue(reg.mayRead(), "a full buffer says nothing of what is left");
        assertEquals(1, reg.read(pipe.source(), ByteBuffer.allocate(1), wakes::incrementAndGet));
        assertEquals(IoRegistration.NOT_READY, reg.read(pipe.source(), ByteBuffer.allocate(1), wakes::incrementAndGet));
        assertFalse(reg.mayRead(), "a read that found nothing");
    }

    @Test
    void shouldLetTheNextReadMakeItsSystemCallOnceTheChannelIsClosed() throws Exception {
        current = 0;
        assertEquals(IoRegistration.NOT_READY, reg.read(pipe.source(), ByteBuffer.allocate(4), wakes::incrementAndGet));
        assertFalse(reg.mayRead());
        reg.close();
        assertEquals(1, wakes.get(), "the close woke the reader");
        assertTrue(reg.mayRead(), "the read must see the closed channel, not wait for a select");
        assertThrows(ClosedChannelException.class,
                () -> reg.read(pipe.source(), ByteBuffer.allocate(4), wakes::incrementAndGet));
    }

    @Test
    void shouldNotPollAgainBeforeAsManyArmsAsTheLastSelectReportedKeys() throws Exception {
        current = 0;
        final int n = SelectorPark.ARMS_PER_POLL + 40;
        final Pipe[] pipes = new Pipe[n];
        final IoRegistration[] regs = new IoRegistration[n];
        try {
            for (int i = 0; i < n; i++) {
                pipes[i] = Pipe.open();
                pipes[i].source().configureBlocking(false);
                regs[i] = group.register(pipes[i].source());
            }
            for (int i = 0; i < n; i++) {
                regs[i].arm(SelectionKey.OP_READ, wakes::incrementAndGet);
                pipes[i].sink().write(ByteBuffer.wrap(new byte[] {7}));
            }
            park.pollNow();
            assertEquals(n, wakes.get(), "one select reported every pipe");
            // the woken "tasks" arm again without reading: every pipe is still readable, so
            // any poll in between would wake them at once
            for (int i = 0; i < n - 1; i++) {
                regs[i].arm(SelectionKey.OP_READ, wakes::incrementAndGet);
            }
            assertEquals(n, wakes.get(), "polled before the tasks of the last select had all armed");
            regs[n - 1].arm(SelectionKey.OP_READ, wakes::incrementAndGet);
            assertEquals(2 * n, wakes.get(), "the last arm polls and finds every pipe ready");
        } finally {
            for (Pipe p : pipes) {
                if (p != null) {
                    p.sink().close();
                    p.source().close();
                }
            }
        }
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
