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

import io.tidepool.Poll;
import io.tidepool.TaskContext;
import io.tidepool.internal.net.IoRegistration;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A listening TCP socket of a {@link NetReactor}: accepts connections for
 * {@link io.tidepool.AsyncTask}s.
 *
 * <p>Thread-safe. One task at a time should wait in {@link #pollAccept}: a second task's
 * pending accept replaces the first's waker.
 */
public final class TcpListener implements Closeable {
    private final NetReactor net;
    private final ServerSocketChannel channel;
    private final IoRegistration reg;

    TcpListener(NetReactor net, ServerSocketChannel channel, IoRegistration reg) {
        this.net = net;
        this.channel = channel;
        this.reg = reg;
    }

    /**
     * Accepts a connection if one is queued; otherwise arranges for the task to be woken when
     * one is. The accepted stream has {@code TCP_NODELAY} set.
     *
     * @param cx the polling task's context
     * @return ready with the accepted stream, or pending
     * @throws java.nio.channels.ClosedChannelException if the listener is closed
     * @throws IOException if accepting fails (the listener stays usable unless closed)
     */
    public Poll<TcpStream> pollAccept(TaskContext cx) throws IOException {
        final SocketChannel accepted = channel.accept();
        if (accepted == null) {
            reg.arm(SelectionKey.OP_ACCEPT, cx.waker());
            return Poll.pending();
        }
        try {
            accepted.configureBlocking(false);
            accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException | RuntimeException e) {
            accepted.close();
            throw e;
        }
        return Poll.ready(net.adopt(accepted));
    }

    /**
     * Accepts one connection in a task on the reactor's pool.
     *
     * @return a stage completed with the accepted stream, or with the failure
     */
    public CompletionStage<TcpStream> accept() {
        return net.pool().spawn(this::pollAccept).completionStage();
    }

    /**
     * {@return the bound address (with the port chosen when bound to port 0)}
     *
     * @throws IOException if the listener is closed
     */
    public SocketAddress localAddress() throws IOException {
        return Objects.requireNonNull(channel.getLocalAddress(), "not bound");
    }

    /** {@return whether the listener is open} */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Closes the listener. A task waiting in {@link #pollAccept} is woken and its next poll
     * throws {@link java.nio.channels.ClosedChannelException}. Idempotent.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        reg.close();
    }

    @Override
    public String toString() {
        return "TcpListener[" + channel + "]";
    }
}
