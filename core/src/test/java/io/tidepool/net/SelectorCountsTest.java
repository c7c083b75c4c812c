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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link NetReactor#selectorCounts}: what the counts say after real echoes over localhost. */
class SelectorCountsTest {
    private static final int CONNECTIONS = 16;

    @Test
    void shouldCountSocketsPerWorkerAndTheKeysTheirSelectsReported() throws Exception {
        final NetReactor net = NetTests.reactor(2);
        final List<Socket> clients = new ArrayList<>();
        try {
            final NetTests.EchoServer echo = new NetTests.EchoServer(net);
            final InetSocketAddress address = new InetSocketAddress("127.0.0.1", echo.port());
            // one connection at a time, so each socket's owner is chosen after the last one's
            for (int i = 0; i < CONNECTIONS; i++) {
                final Socket s = new Socket(address.getAddress(), address.getPort());
                clients.add(s);
                s.setSoTimeout((int) (NetTests.WAIT_SECONDS * 1000));
                // the first echo's read leaves the server's read armed, so the second request
                // reaches the server task only through a select that reports it
                roundTrip(s, i, 1);
                roundTrip(s, i, 2);
            }
            final List<SelectorCounts> during = net.selectorCounts();
            assertEquals(2, during.size());
            int channels = 0;
            long keys = 0;
            for (int w = 0; w < 2; w++) {
                final SelectorCounts c = during.get(w);
                assertEquals(w, c.worker());
                // the fewest-owned rule deals the sockets out; the listener counts on one side
                assertTrue(c.channels() >= CONNECTIONS / 2 - 1, "worker " + w + " owns too few: " + during);
                assertTrue(c.selects() + c.polls() > 0, "worker " + w + " never selected: " + during);
                channels += c.channels();
                keys += c.keysReported();
            }
            // every server socket, and the listener once its accept task has waited
            assertTrue(channels == CONNECTIONS || channels == CONNECTIONS + 1, "channels: " + during);
            assertTrue(keys >= CONNECTIONS, "each second request is a reported key: " + during);
            for (Socket s : clients) {
                s.close();
            }
            NetTests.awaitFinished(echo, CONNECTIONS);
            final List<SelectorCounts> after = net.selectorCounts();
            assertTrue(after.get(0).channels() + after.get(1).channels() <= 1,
                    "closed sockets still counted: " + after);
            for (int w = 0; w < 2; w++) {
                assertTrue(after.get(w).keysReported() >= during.get(w).keysReported(), "keys went back: " + after);
                assertTrue(after.get(w).selects() >= during.get(w).selects(), "selects went back: " + after);
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            NetTests.terminate(net);
        }
    }

    private static void roundTrip(Socket s, int connection, int round) throws IOException {
        final byte[] sent = {(byte) connection, (byte) round, 18};
        s.getOutputStream().write(sent);
        final byte[] got = new byte[sent.length];
        new DataInputStream(s.getInputStream()).readFully(got);
        assertArrayEquals(sent, got, "echo of connection " + connection + ", round " + round);
    }
}
