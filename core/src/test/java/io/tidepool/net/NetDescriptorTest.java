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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Descriptors over many connections: a soak of open/close cycles and a connect storm leave
 * the process's open descriptors where they started, and termination closes every selector
 * and socket.
 *
 * <p>The soak runs the issue's {@value #DEFAULT_CYCLES} cycles (a few seconds); set
 * {@code -Dtidepool.net.soakCycles=N} for more or fewer.
 */
class NetDescriptorTest {
    static final int DEFAULT_CYCLES = 10_000;
    private static final int CYCLES = Integer.getInteger("tidepool.net.soakCycles", DEFAULT_CYCLES);
    private static final int STORM_THREADS = 8;
    private static final int STORM_CONNECTIONS = 2000;

    @Test
    void shouldReturnToTheStartingDescriptorCountAfterManyOpenCloseCycles() throws Exception {
        final NetReactor net = NetTests.reactor(2);
        try {
            final NetTests.EchoServer echo = new NetTests.EchoServer(net);
            final InetSocketAddress address = new InetSocketAddress("127.0.0.1", echo.port());
            final List<String> start = warmUp(net, echo, address);
            for (int i = 1; i <= CYCLES; i++) {
                roundTrip(address, i);
            }
            NetTests.awaitFinished(echo, CYCLES);
            flush(net);
            NetTests.assertNoNewDescriptors(start, "after " + CYCLES + " cycles");
            assertEquals(0, echo.failed.get());
            assertEquals(1, net.openSockets(), "only the listener is open");
        } finally {
            NetTests.terminate(net);
        }
    }

    @Test
    void shouldAcceptAndCloseEveryConnectionOfAConnectStorm() throws Exception {
        final NetReactor net = NetTests.reactor(2);
        final ExecutorService clients = Executors.newFixedThreadPool(STORM_THREADS);
        try {
            final NetTests.EchoServer echo = new NetTests.EchoServer(net);
            final InetSocketAddress address = new InetSocketAddress("127.0.0.1", echo.port());
            final List<String> start = warmUp(net, echo, address);
            final List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < STORM_THREADS; t++) {
                done.add(clients.submit(() -> {
                    // connect and close at once, no data: the server sees only end of stream
                    for (int i = 0; i < STORM_CONNECTIONS / STORM_THREADS; i++) {
                        new Socket(address.getAddress(), address.getPort()).close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            NetTests.awaitFinished(echo, STORM_CONNECTIONS);
            flush(net);
            assertEquals(1 + STORM_CONNECTIONS, echo.accepted.get());
            NetTests.assertNoNewDescriptors(start, "after the storm");
        } finally {
            clients.shutdownNow();
            NetTests.terminate(net);
        }
    }

    @Test
    void shouldCloseEverySelectorAndSocketWhenThePoolTerminates() throws Exception {
        // a first reactor warms up what the JDK opens once per process
        NetTests.terminate(NetTests.reactor(1));
        final List<String> before = NetTests.openFdTargets();
        final NetReactor net = NetTests.reactor(2);
        final List<Socket> clients = new ArrayList<>();
        try {
            final NetTests.EchoServer echo = new NetTests.EchoServer(net);
            final InetSocketAddress address = new InetSocketAddress("127.0.0.1", echo.port());
            for (int i = 0; i < 10; i++) {
                final Socket s = new Socket(address.getAddress(), address.getPort());
                clients.add(s);
                roundTripOn(s, i);
            }
            // a socket no task ever waited on: registered with no selector
            net.bind(NetTests.LOCALHOST);
            net.beginConnect(address);
            assertTrue(net.openSockets() >= 13, "sockets: " + net.openSockets());
        } finally {
            NetTests.terminate(net);
        }
        for (Socket s : clients) {
            assertEquals(-1, s.getInputStream().read(), "the server side was closed");
            s.close();
        }
        NetTests.assertNoNewDescriptors(before, "after termination");
        assertEquals(0, net.openSockets());
        assertThrows(java.nio.channels.ClosedChannelException.class, () -> net.bind(NetTests.LOCALHOST));
    }

    /**
     * One connection first (it opens what the JDK keeps for the process's life), then the
     * descriptor count to come back to.
     */
    private static List<String> warmUp(NetReactor net, NetTests.EchoServer echo, InetSocketAddress address)
            throws Exception {
        roundTrip(address, 0);
        NetTests.awaitFinished(echo, 1);
        flush(net);
        return NetTests.openFdTargets();
    }

    private static void flush(NetReactor net) throws Exception {
        net.flush().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static void roundTrip(InetSocketAddress address, int i) throws Exception {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            roundTripOn(s, i);
        }
    }

    private static void roundTripOn(Socket s, int i) throws Exception {
        final OutputStream out = s.getOutputStream();
        final InputStream in = s.getInputStream();
        out.write(i);
        assertEquals(i & 0xff, in.read(), "echo of cycle " + i);
    }
}
