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


package io.tidepool.bench.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * One client thread's share of the connections, driven through one selector: each connection
 * writes its payload, reads the echo to the last byte, compares it with what it sent, records
 * the round trip and writes again. Owned by one thread; the results are read after it ends
 * ({@link Thread#join()} orders them).
 *
 * <p>Each payload is random per connection, with the connection's round-trip sequence number in
 * its first eight bytes when it has that many, so an echo of a stale or another connection's
 * payload counts as an error.
 */
final class ClientLoop implements AutoCloseable {
    /** Latencies above this (one minute) are recorded as this. */
    static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Selector selector;
    private final List<Connection> connections = new ArrayList<>();
    private final Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
    private long roundTrips;
    private long errors;
    private long cpuNanos;
    private Throwable failure;
    private boolean priming;
    private int primed;

    ClientLoop(List<SocketChannel> channels, int payloadBytes, SplittableRandom random) throws IOException {
        selector = Selector.open();
        for (SocketChannel channel : channels) {
            Connection connection = new Connection(channel, payloadBytes, random);
            connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
            connections.add(connection);
        }
    }

    /**
     * One untimed round trip on every connection, before the clock starts: the server has
     * accepted every connection and loaded its classes by the time it returns. Nothing is
     * recorded; an echo that differs counts as an error.
     *
     * @param timeoutNanos how long the connections may take together
     * @throws IOException if a connection fails, or some connection got no echo in time
     */
    void prime(long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        priming = true;
        long now = System.nanoTime();
        for (Connection connection : connections) {
            send(connection, now);
        }
        while (primed < connections.size()) {
            now = System.nanoTime();
            if (now - deadline >= 0) {
                throw new IOException((connections.size() - primed) + " of " + connections.size()
                        + " connections got no echo within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
            }
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - now)));
            handleReady(now, now); // no window: priming records nothing
        }
        priming = false;
    }

    /**
     * Sends on every connection and loops until {@code windowEnd}, counting the round trips that
     * complete in {@code [windowStart, windowEnd)}; closes the selector at the end (the channels
     * are the caller's). A failure is kept for {@link #failure()}.
     */
    void run(long windowStart, long windowEnd) {
        long cpuStart = -1;
        try (selector) {
            long now = System.nanoTime();
            for (Connection connection : connections) {
                send(connection, now);
            }
            while (true) {
                now = System.nanoTime();
                if (cpuStart < 0 && now - windowStart >= 0) {
                    cpuStart = EchoClient.threadCpuNanos();
                }
                if (now - windowEnd >= 0) {
                    break;
                }
                long until = cpuStart < 0 ? windowStart : windowEnd;
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - now)));
                handleReady(windowStart, windowEnd);
            }
            cpuNanos = cpuStart < 0 ? 0 : EchoClient.threadCpuNanos() - cpuStart;
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    private void handleReady(long windowStart, long windowEnd) throws IOException {
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            if (key.isValid()) {
                handle((Connection) key.attachment(), windowStart, windowEnd);
            }
        }
    }

    private void handle(Connection connection, long windowStart, long windowEnd) throws IOException {
        SocketChannel channel = connection.channel;
        SelectionKey key = connection.key;
        if (key.isWritable()) {
            channel.write(connection.out);
            if (!connection.out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
        if (!key.isReadable()) {
            return;
        }
        int read;
        try {
            read = channel.read(connection.in);
        } catch (IOException e) {
            read = -1; // reset by the server
        }
        if (read < 0) {
            key.cancel();
            if (priming) {
                throw new IOException("the server closed a connection before its first echo");
            }
            errors++; // the server closed a connection that still expected an echo
            return;
        }
        if (connection.in.hasRemaining()) {
            return; // part of the echo (or, mid-write, of what was sent so far): wait for the rest
        }
        long now = System.nanoTime();
        connection.in.flip();
        if (!connection.in.equals(connection.sent)) {
            errors++;
        }
        if (priming) {
            primed++;
            return;
        }
        if (now - windowStart >= 0 && now - windowEnd < 0) {
            latency.recordValue(Math.min(now - connection.sentAt, HIGHEST_TRACKABLE_NANOS));
            roundTrips++;
            connection.inWindow++;
            connection.latency.recordValue(Math.min(now - connection.sentAt, HIGHEST_TRACKABLE_NANOS));
        }
        if (now - windowEnd < 0) {
            send(connection, now);
        }
    }

    private static void send(Connection connection, long now) throws IOException {
        ByteBuffer out = connection.out;
        out.clear();
        if (out.capacity() >= Long.BYTES) {
            out.putLong(0, ++connection.sequence);
        }
        connection.in.clear();
        connection.sentAt = now;
        connection.channel.write(out);
        if (out.hasRemaining()) {
            // a partial write: finish it when writable, and keep reading the echo meanwhile, so
            // that a payload larger than the socket buffers cannot deadlock with the server
            connection.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    /** Closes the selector (again, if {@link #run} closed it already); the channels are the caller's. */
    @Override
    public void close() throws IOException {
        selector.close();
    }

    Histogram latency() {
        return latency;
    }

    long roundTrips() {
        return roundTrips;
    }

    long errors() {
        return errors;
    }

    /** {@return this thread's CPU time inside the window, in ns} */
    long cpuNanos() {
        return cpuNanos;
    }

    /** {@return the round trips each connection completed inside the window, in connection order} */
    long[] roundTripsPerConnection() {
        long[] counts = new long[connections.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = connections.get(i).inWindow;
        }
        return counts;
    }

    /** {@return each connection's p99 round-trip latency inside the window in ns, in connection order (0 if none)} */
    long[] p99PerConnection() {
        long[] p99 = new long[connections.size()];
        for (int i = 0; i < p99.length; i++) {
            p99[i] = connections.get(i).latency.getValueAtPercentile(99);
        }
        return p99;
    }

    /** {@return the connections that completed no round trip inside the window} */
    int idleConnections() {
        int idle = 0;
        for (Connection connection : connections) {
            if (connection.inWindow == 0) {
                idle++;
            }
        }
        return idle;
    }

    /** {@return what ended the loop early, or null} */
    Throwable failure() {
        return failure;
    }

    /** A connection's buffers and counters; touched by the loop's thread only. */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer out;
        /** A second view of {@code out}'s bytes, always {@code [0, capacity)}: what an echo must equal. */
        final ByteBuffer sent;
        final ByteBuffer in;
        SelectionKey key;
        long sequence;
        long sentAt;
        long inWindow;
        /**
         * This connection's round trips in the window; two significant digits and int counts
         * keep it small (some 15 KB), since a run may hold thousands.
         */
        final IntCountsHistogram latency = new IntCountsHistogram(HIGHEST_TRACKABLE_NANOS, 2);

        Connection(SocketChannel channel, int payloadBytes, SplittableRandom random) {
            this.channel = channel;
            byte[] payload = new byte[payloadBytes];
            random.nextBytes(payload);
            out = ByteBuffer.allocateDirect(payloadBytes).put(payload);
            sent = out.duplicate().clear();
            in = ByteBuffer.allocateDirect(payloadBytes);
        }
    }
}
