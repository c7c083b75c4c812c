package io.tidepool.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Single-threaded behaviour of {@link Inbox}: the gate, the claim and draining order. */
class InboxTest {

    /** A task that remembers its number, for readable failures. */
    private record Task(int id) implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void shouldAcceptNewTasksAndResubmissionsWhileOpen() {
        Inbox inbox = new Inbox();

        assertTrue(inbox.offer(new Task(1), false));
        assertTrue(inbox.offer(new Task(2), true));
        assertEquals(2, inbox.size());
    }

    @Test
    void shouldRefuseNewTasksButAcceptResubmissionsOnceShut() {
        Inbox inbox = new Inbox();
        inbox.shut();

        assertFalse(inbox.offer(new Task(1), false));
        assertTrue(inbox.offer(new Task(2), true));
        assertEquals(List.of(new Task(2)), claimAndDrainAll(inbox));
    }

    @Test
    void shouldRefuseEveryTaskOnceClosed() {
        Inbox inbox = new Inbox();
        inbox.close();

        assertFalse(inbox.offer(new Task(1), false));
        assertFalse(inbox.offer(new Task(2), true));
        assertTrue(inbox.isEmpty());
    }

    @Test
    void shouldRefuseResubmissionsWhenClosedAfterShut() {
        Inbox inbox = new Inbox();
        inbox.shut();
        inbox.close();

        assertFalse(inbox.offer(new Task(1), true));
    }

    @Test
    void shouldKeepTasksAcceptedBeforeCloseForTheDrain() {
        Inbox inbox = new Inbox();
        inbox.offer(new Task(1), false);
        inbox.offer(new Task(2), true);
        inbox.close();

        assertEquals(List.of(new Task(1), new Task(2)), claimAndDrainAll(inbox));
    }

    @Test
    void shouldGrantTheClaimToOneHolderAtATime() {
        Inbox inbox = new Inbox();

        assertTrue(inbox.tryClaim());
        assertFalse(inbox.tryClaim());
        inbox.release();
        assertTrue(inbox.tryClaim());
    }

    @Test
    void shouldRefuseTheClaimToAnotherThreadWhileHeld() throws Exception {
        Inbox inbox = new Inbox();
        assertTrue(inbox.tryClaim());

        assertFalse(CompletableFuture.supplyAsync(inbox::tryClaim).get(10, TimeUnit.SECONDS));
        inbox.release();
        assertTrue(CompletableFuture.supplyAsync(inbox::tryClaim).get(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldHandConsumerProgressToTheNextClaimHolder() throws Exception {
        Inbox inbox = new Inbox();
        Task first = new Task(1);
        Task second = new Task(2);
        inbox.offer(first, false);
        inbox.offer(second, false);

        assertTrue(inbox.tryClaim());
        assertSame(first, inbox.poll());
        inbox.release();
        Runnable polledElsewhere = CompletableFuture.supplyAsync(() -> {
            assertTrue(inbox.tryClaim());
            try {
                return inbox.poll();
            } finally {
                inbox.release();
            }
        }).get(10, TimeUnit.SECONDS);

        assertSame(second, polledElsewhere);
    }

    @Test
    void shouldDrainInFifoOrderUpToTheLimit() {
        Inbox inbox = new Inbox();
        for (int i = 1; i <= 5; i++) {
            inbox.offer(new Task(i), false);
        }
        List<Runnable> sink = new ArrayList<>();
        assertTrue(inbox.tryClaim());

        assertEquals(3, inbox.drain(sink::add, 3));
        assertEquals(List.of(new Task(1), new Task(2), new Task(3)), sink);
        assertEquals(2, inbox.size());
        assertEquals(2, inbox.drain(sink::add, 10));
        assertEquals(List.of(new Task(1), new Task(2), new Task(3), new Task(4), new Task(5)), sink);
        assertEquals(0, inbox.drain(sink::add, 10));
        inbox.release();
    }

    @Test
    void shouldKeepFifoOrderAcrossQueueChunks() {
        Inbox inbox = new Inbox();
        int count = Inbox.CHUNK_SIZE * 3 + 7;
        for (int i = 0; i < count; i++) {
            inbox.offer(new Task(i), false);
        }

        List<Runnable> drained = claimAndDrainAll(inbox);
        assertEquals(count, drained.size());
        for (int i = 0; i < count; i++) {
            assertEquals(new Task(i), drained.get(i));
        }
    }

    @Test
    void shouldPollNullAndReportEmptyWhenNothingIsQueued() {
        Inbox inbox = new Inbox();
        assertTrue(inbox.isEmpty());
        assertEquals(0, inbox.size());
        assertTrue(inbox.tryClaim());

        assertNull(inbox.poll());
        inbox.release();
    }

    private static List<Runnable> claimAndDrainAll(Inbox inbox) {
        assertTrue(inbox.tryClaim(), "claim");
        try {
            List<Runnable> out = new ArrayList<>();
            inbox.drain(out::add, Integer.MAX_VALUE);
            return out;
        } finally {
            inbox.release();
        }
    }
}
