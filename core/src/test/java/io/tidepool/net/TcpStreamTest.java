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
package io.tidepool.net;

import static io.tidepool.net.NetTests.WAIT_SECONDS;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.Poll;
import io.tidepool.TaskHandle;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One server stream against a blocking client socket: half-close, reset, close while waiting,
 * readiness, and a slow reader holding back a writer.
 */
class TcpStreamTest {
    private NetReactor net;
    private TcpListener listener;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws IOException {
        net = NetTests.reactor(2);
        listener = net.bind(NetTests.LOCALHOST);
        address = new InetSocketAddress("127.0.0.1", ((InetSocketAddress) listener.localAddress()).getPort());
    }

    @AfterEach
    void stop() throws InterruptedException {
        NetTests.terminate(net);
    }

    private TcpStream accept() throws Exception {
        return listener.accept().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A task that reads until end of stream and returns how many bytes it read. */
    private TaskHandle<Integer> readToEnd(TcpStream stream, ByteBuffer into) {
        return net.pool().spawn(cx -> {
            while (true) {
                final Poll<Integer> n = stream.pollRead(cx, into);
                if (n.isPending()) {
                    return Poll.pending();
                }
                if (n.value() < 0) {
                    return Poll.ready(into.position());
                }
            }
        });
    }

    @Test
    void shouldReadEndOfStreamAfterThePeerHalfClosesAndStillWriteBack() throws Exception {
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            final TcpStream server = accept();
            final TaskHandle<Integer> read = readToEnd(server, ByteBuffer.allocate(64));
            client.getOutputStream().write("hello".getBytes(US_ASCII));
            client.shutdownOutput();
            assertEquals(5, read.get(WAIT_SECONDS, TimeUnit.SECONDS));
            // the other direction is still open
            server.writeAll(ByteBuffer.wrap("got 5".getBytes(US_ASCII))).toCompletableFuture()
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            server.shutdownOutput();
            assertEquals("got 5", new String(client.getInputStream().readAllBytes(), US_ASCII));
            server.close();
        }
    }

    @Test
    void shouldFailTheWaitingReadWithAnIoExceptionWhenThePeerResets() throws Exception {
        final Socket client = new Socket(address.getAddress(), address.getPort());
        final TcpStream server = accept();
        final TaskHandle<Integer> read = readToEnd(server, ByteBuffer.allocate(64));
        // linger 0: close sends RST instead of FIN
        client.setSoLinger(true, 0);
        client.close();
        final ExecutionException e = assertThrows(ExecutionException.class,
                () -> read.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause());
        assertFalse(e.getCause() instanceof ClosedChannelException, "a reset, not a local close: " + e.getCause());
        server.close();
    }

    @Test
    void shouldWakeATaskWaitingOnAStreamThatIsClosedAndFailItsNextRead() throws Exception {
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            final TcpStream server = accept();
            final CountDownLatch waiting = new CountDownLatch(1);
            final TaskHandle<Integer> read = net.pool().spawn(cx -> {
                final Poll<Integer> n = server.pollRead(cx, ByteBuffer.allocate(8));
                waiting.countDown();
                return n;
            });
            NetTests.await(waiting, "the read to wait");
            server.close();
            final ExecutionException e = assertThrows(ExecutionException.class,
                    () -> read.get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertInstanceOf(ClosedChannelException.class, e.getCause());
            assertEquals(-1, client.getInputStream().read(), "the peer sees end of stream");
        }
    }

    @Test
    void shouldLeaveUnreadDataInTheSocketAndWakeAWaitingReadWhenMoreArrives() throws Exception {
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            final TcpStream server = accept();
            final CountDownLatch waitingAfterTen = new CountDownLatch(1);
            final AtomicInteger pendings = new AtomicInteger();
            final ByteBuffer oneByte = ByteBuffer.allocate(1);
            final StringBuilder got = new StringBuilder();
            final TaskHandle<String> read = net.pool().spawn(cx -> {
                // one byte per poll: the rest of what arrived stays in the socket meanwhile
                oneByte.clear();
                final Poll<Integer> n = server.pollRead(cx, oneByte);
                if (n.isPending()) {
                    pendings.incrementAndGet();
                    if (got.length() == 10) {
                        waitingAfterTen.countDown();
                    }
                    return Poll.pending();
                }
                got.append((char) oneByte.get(0));
                if (got.length() == 11) {
                    return Poll.ready(got.toString());
                }
                cx.waker().wake();
                return Poll.pending();
            });
            client.getOutputStream().write("0123456789".getBytes(US_ASCII));
            NetTests.await(waitingAfterTen, "the read to drain ten bytes and wait");
            assertFalse(read.isDone());
            client.getOutputStream().write('!');
            assertEquals("0123456789!", read.get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertTrue(pendings.get() >= 1, "the read waited at least once: " + pendings.get());
            server.close();
        }
    }

    @Test
    void shouldStopAWriterAtTheSocketBuffersWhileTheReaderIsSlowAndResumeItWhenItReads() throws Exception {
        final int total = 8 * 1024 * 1024;
        final int buffers = 64 * 1024;
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(buffers);
            client.connect(address);
            final TcpStream server = accept();
            server.setOption(StandardSocketOptions.SO_SNDBUF, buffers);
            final AtomicLong writtenAtFirstWait = new AtomicLong(-1);
            final CountDownLatch blocked = new CountDownLatch(1);
            // starts empty: the task fills it with the pattern at the next offset
            final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024).position(64 * 1024);
            final long[] written = {0};
            final TaskHandle<Long> writer = net.pool().spawn(cx -> {
                while (written[0] < total) {
                    if (!chunk.hasRemaining()) {
                        chunk.clear();
                        for (int i = 0; i < chunk.capacity(); i++) {
                            chunk.put(i, pattern(written[0] + i));
                        }
                    }
                    final Poll<Integer> n = server.pollWrite(cx, chunk);
                    if (n.isPending()) {
                        if (writtenAtFirstWait.compareAndSet(-1, written[0])) {
                            blocked.countDown();
                        }
                        return Poll.pending();
                    }
                    written[0] += n.value();
                }
                server.shutdownOutput();
                return Poll.ready(written[0]);
            });
            NetTests.await(blocked, "the writer to find the send buffer full");
            // nothing beyond the kernel's buffers (each side's is at most a few times what was
            // asked for): the writer waits instead of queueing in user space
            assertTrue(writtenAtFirstWait.get() < 16L * buffers,
                    "written before the first wait: " + writtenAtFirstWait.get());
            assertFalse(writer.isDone(), "the writer must wait for the reader");
            final InputStream in = client.getInputStream();
            final byte[] buffer = new byte[8192];
            long received = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != pattern(received + i)) {
                        throw new AssertionError("byte " + (received + i) + " differs");
                    }
                }
                received += n;
            }
            assertEquals(total, received);
            assertEquals(total, writer.get(WAIT_SECONDS, TimeUnit.SECONDS));
            server.close();
        }
    }

    @Test
    void shouldLetAnotherTaskReadWhenTheWaitingOneWasCancelled() throws Exception {
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            final TcpStream server = accept();
            final CountDownLatch waiting = new CountDownLatch(1);
            final AtomicInteger cancelledPolls = new AtomicInteger();
            final TaskHandle<Integer> cancelled = net.pool().spawn(cx -> {
                cancelledPolls.incrementAndGet();
                final Poll<Integer> n = server.pollRead(cx, ByteBuffer.allocate(8));
                waiting.countDown();
                return n;
            });
            NetTests.await(waiting, "the first read to wait");
            assertTrue(cancelled.cancel(false));
            // the readiness now wakes a cancelled task's waker: a no-op, the data stays
            client.getOutputStream().write("late".getBytes(US_ASCII));
            client.shutdownOutput();
            assertEquals(4, readToEnd(server, ByteBuffer.allocate(8)).get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertEquals(1, cancelledPolls.get(), "a cancelled task is not polled again");
            server.close();
        }
    }

    @Test
    void shouldFailTheConnectStageWhenNobodyListens() throws Exception {
        final int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, address.getAddress())) {
            port = free.getLocalPort();
        }
        final ExecutionException e = assertThrows(ExecutionException.class, () -> net
                .connect(new InetSocketAddress(address.getAddress(), port))
                .toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(java.net.ConnectException.class, e.getCause());
        assertEquals(1, net.openSockets(), "the failed socket was closed; the listener remains");
    }

    private static byte pattern(long offset) {
        return (byte) (offset * 31 + (offset >>> 8));
    }
}
