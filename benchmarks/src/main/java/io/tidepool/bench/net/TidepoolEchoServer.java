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

import io.tidepool.PoolMetrics;
import io.tidepool.net.SelectorCounts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * tidepool's peer in the comparison: the reactor example
 * {@link io.tidepool.bench.examples.EchoServer} (an accepting {@code AsyncTask} and one task per
 * connection, on a pool whose workers park in their selectors), seen through
 * {@link EchoServer}. It binds 127.0.0.1 with the reactor's default backlog (1024) and sets
 * {@code TCP_NODELAY} on accepted streams, like the other servers.
 */
final class TidepoolEchoServer implements EchoServer {
    private final io.tidepool.bench.examples.EchoServer server;

    /**
     * Starts the example on a free loopback port.
     *
     * @param workers the pool's worker count (one selector each)
     * @throws IOException if the port cannot be bound
     */
    TidepoolEchoServer(int workers) throws IOException {
        server = io.tidepool.bench.examples.EchoServer.start(0, workers);
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    }

    /**
     * The pool's counts: tasks run (one per poll of a connection's task), tasks stolen and the
     * steal operations that took them, worker parks (one per select that blocked, or that a
     * permit ended at once), and tasks scheduled onto a worker's own deque or through an inbox;
     * then the reactor's: ready keys reported by each worker's selects ({@code keys0},
     * {@code keys1}: the load split), selects that could block and polls that could not,
     * {@code Selector.wakeup()} calls, and interest changes handed to another worker's selector.
     */
    @Override
    public Map<String, Long> counters() {
        final PoolMetrics m = server.metrics();
        final Map<String, Long> c = new LinkedHashMap<>();
        c.put("polls", m.pollCount());
        c.put("steals", m.stealCount());
        c.put("stealOps", m.stealOperations());
        c.put("parks", m.parkCount());
        c.put("localSchedules", m.localScheduleCount());
        c.put("remoteSchedules", m.remoteScheduleCount());
        long selects = 0;
        long polls = 0;
        long wakeups = 0;
        long handedOff = 0;
        for (SelectorCounts sc : server.selectorCounts()) {
            selects += sc.selects();
            polls += sc.polls();
            wakeups += sc.wakeups();
            handedOff += sc.handedOff();
            c.put("keys" + sc.worker(), sc.keysReported());
        }
        c.put("selects", selects);
        c.put("selectPolls", polls);
        c.put("selectorWakeups", wakeups);
        c.put("handedOff", handedOff);
        return c;
    }

    /** The sockets (and the listener) each worker's selector owns, in worker order. */
    @Override
    public String state() {
        final StringBuilder line = new StringBuilder("sockets per selector:");
        for (SelectorCounts sc : server.selectorCounts()) {
            line.append(' ').append(sc.channels());
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the tidepool echo server's pool terminated", e);
        }
    }
}
