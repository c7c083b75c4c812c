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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every server of the comparison echoes exactly, and the client notices one that does not. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoServersTest {
    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void shouldEchoEveryPayloadExactlyOnManyConnections(ServerKind kind) throws Exception {
        EchoResult result = runAgainst(kind, new EchoClient.Settings(32, 64, 2, 0, WINDOW_NANOS));
        assertEquals(0, result.errors(), kind.label() + ": echoes that differed from what was sent");
        assertTrue(result.roundTrips() > 0, kind.label() + ": no round trip in the window");
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void shouldEchoPayloadsLargerThanOneReadOrWrite(ServerKind kind) throws Exception {
        // 256 KiB is more than the servers' 8 KiB reads and more than loopback takes in one write
        EchoResult result = runAgainst(kind, new EchoClient.Settings(4, 256 * 1024, 1, 0, WINDOW_NANOS));
        assertEquals(0, result.errors(), kind.label() + ": echoes that differed from what was sent");
        assertTrue(result.roundTrips() > 0, kind.label() + ": no round trip in the window");
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void shouldEchoAPayloadLargerThanTheSocketBuffers(ServerKind kind) throws Exception {
        // 16 MiB cannot sit in the two ends' socket buffers: the client must read the echo while
        // it is still writing, or both sides block on a full buffer. Priming completes one whole
        // echo (or throws after 30 s); the window may add more.
        EchoResult result = runAgainst(kind, new EchoClient.Settings(1, 16 << 20, 1, 0, WINDOW_NANOS));
        assertEquals(0, result.errors(), kind.label() + ": echoes that differed from what was sent");
    }

    @Test
    void shouldCountAnEchoThatDiffersAsAnError() throws Exception {
        try (CorruptingServer server = new CorruptingServer()) {
            EchoResult result = EchoClient.run("corrupting", server.address(),
                    new EchoClient.Settings(1, 64, 1, 0, WINDOW_NANOS));
            assertTrue(result.roundTrips() > 0, "the corrupting server still answers");
            // the priming echo is corrupt too, and so is one that completes just past the window
            assertTrue(result.errors() >= result.roundTrips() + 1,
                    "every echo differed, yet errors=" + result.errors() + " roundTrips=" + result.roundTrips());
        }
    }

    @Test
    void shouldNameTheLimitWhenDescriptorsRunShort() {
        assertNull(EchoComparison.descriptorShortage(1), "one connection fits any limit");
        String shortage = EchoComparison.descriptorShortage(Integer.MAX_VALUE);
        Assumptions.assumeTrue(shortage != null, "this JVM does not report its descriptor limit");
        assertTrue(shortage.contains("ulimit -n"), shortage);
    }

    @Test
    void shouldRejectBadOptionsNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EchoOptions.parse(new String[] {"--connections", "1,0"}));
        assertTrue(e.getMessage().contains("--connections must be >= 1: 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EchoOptions.parse(new String[] {"--servers", "nginx"}));
        assertTrue(e.getMessage().contains("nginx"), e.getMessage());
        assertNotNull(EchoOptions.parse(new String[] {"--smoke"}).servers);
    }

    private static EchoResult runAgainst(ServerKind kind, EchoClient.Settings settings) throws Exception {
        String reason = kind.unavailableReason();
        Assumptions.assumeTrue(reason == null, reason);
        try (EchoServer server = kind.start(2)) {
            return EchoClient.run(kind.label(), server.address(), settings);
        }
    }

    /** Echoes with the last byte of every read flipped: what the client's check must catch. */
    private static final class CorruptingServer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::serve, "corrupting-echo");

        CorruptingServer() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) listener.getLocalSocketAddress();
        }

        private void serve() {
            try (Socket socket = listener.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                byte[] buffer = new byte[64];
                int n;
                while ((n = in.readNBytes(buffer, 0, buffer.length)) == buffer.length) {
                    buffer[n - 1] ^= 1;
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the client closed: done
            }
        }

        @Override
        public void close() throws Exception {
            listener.close();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
