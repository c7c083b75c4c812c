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
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A running echo server of the comparison: it writes back every byte it reads, on every
 * connection, until {@link #close()}.
 *
 * <p>Every implementation listens on the loopback interface, on a port the kernel picks, with a
 * backlog of {@link #BACKLOG} (the kernel clamps it to {@code net.core.somaxconn}), and sets
 * {@code TCP_NODELAY} on accepted sockets, so that the peers differ only in how they wait for
 * and move bytes.
 */
public interface EchoServer extends AutoCloseable {
    /**
     * The accept backlog every server asks for: enough for the largest connection count to
     * connect at once without the kernel dropping handshakes (a dropped SYN costs the client a
     * one-second retransmission).
     */
    int BACKLOG = 4096;

    /** How many bytes a server reads at once per connection. */
    int READ_BUFFER_BYTES = 8192;

    /** {@return the address the server listens on} */
    InetSocketAddress address();

    /**
     * The server's own running counts, by name, for {@link EchoCost} to divide by the round
     * trips of its window (a scheduler's tasks run, steals, parks); empty for a server that
     * keeps none.
     *
     * @return a new map of cumulative counts since the server started
     */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /**
     * A line on the server's state at the end of {@link EchoCost}'s window that is not a count
     * per round trip (how tidepool's sockets are spread over its selectors); empty for none.
     *
     * @return the line, or an empty string
     */
    default String state() {
        return "";
    }

    /**
     * Stops accepting, closes every connection and stops the server's threads; waits a few
     * seconds for them at most.
     *
     * @throws IOException if closing the listener fails
     */
    @Override
    void close() throws IOException;
}
