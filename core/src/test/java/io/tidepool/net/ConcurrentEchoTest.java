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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.AsyncTask;
import io.tidepool.Poll;
import io.tidepool.TaskContext;
import io.tidepool.TaskHandle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many connections at once over real localhost sockets: every client gets back exactly the
 * random bytes it sent, through the reactor on both sides.
 */
class ConcurrentEchoTest {
    private static final int CONNECTIONS = 1000;
    private static final int MAX_PAYLOAD = 32 * 1024;

    @Test
    void shouldEchoRandomPayloadsExactlyOverAThousandConcurrentConnections() throws Exception {
        // each connection holds a descriptor on both sides, plus the JVM's own
        final long maxFds = NetTests.maxFds();
        assertTrue(maxFds >= 3L * CONNECTIONS,
                "the test needs ulimit -n >= " + 3 * CONNECTIONS + " (is " + maxFds + ")");
        final NetReactor server = NetTests.reactor(2);
        final NetReactor clients = NetTests.reactor(2);
        try {
            final NetTests.EchoServer echo = new NetTests.EchoServer(server);
            final InetSocketAddress address = new InetSocketAddress("127.0.0.1", echo.port());
            final SplittableRandom random = new SplittableRandom(18);
            final List<byte[]> payloads = new ArrayList<>();
            final List<TaskHandle<byte[]>> handles = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                final byte[] payload = new byte[1 + random.nextInt(MAX_PAYLOAD)];
                random.nextBytes(payload);
                payloads.add(payload);
                handles.add(clients.pool().spawn(new Client(clients.beginConnect(address), payload)));
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                assertArrayEquals(payloads.get(i), handles.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS),
                        "connection " + i);
            }
            NetTests.awaitFinished(echo, CONNECTIONS);
            assertEquals(CONNECTIONS, echo.accepted.get());
            assertEquals(0, echo.failed.get());
        } finally {
            NetTests.terminate(clients);
            NetTests.terminate(server);
        }
    }

    /**
     * Connects, writes the payload while reading the echo (both directions in one task, so
     * neither side's buffers need to hold the whole payload), half-closes, reads to the end.
     */
    static final class Client implements AsyncTask<byte[]> {
        private final TcpStream stream;
        private final ByteBuffer out;
        private final ByteBuffer in;
        private boolean connected;
        private boolean shut;

        Client(TcpStream stream, byte[] payload) {
            this.stream = stream;
            this.out = ByteBuffer.wrap(payload);
            this.in = ByteBuffer.allocate(payload.length + 1);
        }

        @Override
        public Poll<byte[]> poll(TaskContext cx) throws IOException {
            if (!connected) {
                if (stream.pollConnect(cx).isPending()) {
                    return Poll.pending();
                }
                connected = true;
            }
            boolean progress = true;
            while (progress) {
                progress = false;
                if (out.hasRemaining()) {
                    final Poll<Integer> w = stream.pollWrite(cx, out);
                    progress = w.isReady();
                } else if (!shut) {
                    stream.shutdownOutput();
                    shut = true;
                }
                final Poll<Integer> r = stream.pollRead(cx, in);
                if (r.isReady()) {
                    if (r.value() < 0) {
                        stream.close();
                        in.flip();
                        final byte[] got = new byte[in.remaining()];
                        in.get(got);
                        return Poll.ready(got);
                    }
                    progress = true;
                }
            }
            return Poll.pending();
        }
    }
}
