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
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A TCP connection of a {@link NetReactor}, for {@link io.tidepool.AsyncTask}s: each operation
 * either completes at once or returns {@link Poll#pending()} after arranging for the task's
 * waker to be called when it can make progress.
 *
 * <p><b>Readiness.</b> An operation returns pending when it can do nothing (no data, a full
 * send buffer). It tries the system call first unless the stream knows the call would find
 * nothing: after a read that returned fewer bytes than asked (the receive buffer was drained)
 * the next read returns pending without a system call, until the selector reports the socket
 * readable again; the same after a write that the send buffer did not take whole. The task is
 * woken once, when the selector reports the operation ready (or when the stream is closed),
 * and must call the operation again; a wake is a hint, and the next call may again return
 * pending. No readiness is lost: it is level-triggered, so data that arrived before the
 * pending call is reported at once. A task that does not need the whole input may stop reading
 * at any point; unread data stays in the socket.
 *
 * <p><b>Backpressure.</b> Nothing is buffered beyond the kernel's socket buffers:
 * {@link #pollWrite} writes what the send buffer takes (a partial write is normal) and returns
 * pending when it takes nothing, so a writer to a slow reader waits instead of queueing.
 *
 * <p><b>End of stream and errors.</b> {@link #pollRead} returns -1 once the peer has shut down
 * its output (half-close: this side may still write). A reset by the peer makes the next read
 * or write throw {@link IOException} ("Connection reset"); writing after the peer closed
 * throws too (broken pipe). Operations on a closed stream throw
 * {@link java.nio.channels.ClosedChannelException}.
 *
 * <p><b>Threads.</b> Thread-safe, with one reading task and one writing task at a time: the
 * read side (read) and the write side (write, connect) each remember only the last task that
 * waited. A task using a stream may be stolen by another worker: see {@link NetReactor}.
 */
public final class TcpStream implements Closeable {
    private final NetReactor net;
    private final SocketChannel channel;
    private final IoRegistration reg;

    TcpStream(NetReactor net, SocketChannel channel, IoRegistration reg) {
        this.net = net;
        this.channel = channel;
        this.reg = reg;
    }

    /**
     * Finishes connecting a stream from {@link NetReactor#beginConnect}; ready at once for a
     * connected stream.
     *
     * @param cx the polling task's context
     * @return ready (with null) once connected, or pending
     * @throws IOException if the connection failed (refused, unreachable)
     */
    public Poll<Void> pollConnect(TaskContext cx) throws IOException {
        if (channel.isConnected() || channel.finishConnect()) {
            return Poll.ready(null);
        }
        reg.arm(SelectionKey.OP_CONNECT, cx.waker());
        return Poll.pending();
    }

    /**
     * Reads into {@code dst}'s remaining space.
     *
     * @param cx the polling task's context
     * @param dst the buffer to fill from its position
     * @return ready with the number of bytes read (at least 1), 0 if {@code dst} has no space,
     *     -1 at end of stream; or pending
     * @throws IOException if the connection was reset or the stream is closed
     */
    public Poll<Integer> pollRead(TaskContext cx, ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return Poll.ready(0);
        }
        final int n = reg.read(channel, dst, cx.waker());
        return n == IoRegistration.NOT_READY ? Poll.pending() : Poll.ready(n);
    }

    /**
     * Writes as much of {@code src}'s remaining bytes as the send buffer takes.
     *
     * @param cx the polling task's context
     * @param src the bytes to write, from its position
     * @return ready with the number of bytes written (at least 1, or 0 if {@code src} is
     *     empty), or pending when the send buffer is full
     * @throws IOException if the connection was reset or closed by the peer, or the stream or
     *     its output is closed
     */
    public Poll<Integer> pollWrite(TaskContext cx, ByteBuffer src) throws IOException {
        if (!src.hasRemaining()) {
            return Poll.ready(0);
        }
        final int n = reg.write(channel, src, cx.waker());
        return n == IoRegistration.NOT_READY ? Poll.pending() : Poll.ready(n);
    }

    /**
     * Writes all of {@code src}'s remaining bytes, across as many polls as it takes; the
     * buffer's position records the progress between polls.
     *
     * @param cx the polling task's context
     * @param src the bytes to write
     * @return ready once {@code src} has no bytes remaining, or pending
     * @throws IOException as {@link #pollWrite}
     */
    public Poll<Void> pollWriteAll(TaskContext cx, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (pollWrite(cx, src).isPending()) {
                return Poll.pending();
            }
        }
        return Poll.ready(null);
    }

    /**
     * Reads once into {@code dst} in a task on the reactor's pool: the
     * {@link CompletionStage} form of {@link #pollRead}.
     *
     * @param dst the buffer to fill; not to be touched until the stage completes
     * @return a stage completed with the count {@link #pollRead} returned, or its failure
     */
    public CompletionStage<Integer> read(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        return net.pool().spawn(cx -> pollRead(cx, dst)).completionStage();
    }

    /**
     * Writes all of {@code src} in a task on the reactor's pool: the {@link CompletionStage}
     * form of {@link #pollWriteAll}.
     *
     * @param src the bytes to write; not to be touched until the stage completes
     * @return a stage completed once every byte was written, or with the failure
     */
    public CompletionStage<Void> writeAll(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        return net.pool().spawn(cx -> pollWriteAll(cx, src)).completionStage();
    }

    /**
     * Sets a socket option, such as {@link java.net.StandardSocketOptions#SO_SNDBUF}.
     *
     * @param <T> the option's value type
     * @param name the option
     * @param value its value
     * @return this stream
     * @throws IOException if the stream is closed or the option cannot be set
     */
    public <T> TcpStream setOption(SocketOption<T> name, T value) throws IOException {
        channel.setOption(name, value);
        return this;
    }

    /**
     * Half-closes: sends end-of-stream to the peer, which reads -1; this side can still read.
     *
     * @throws IOException if the stream is closed or not connected
     */
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /**
     * {@return the local address, or null if not bound}
     *
     * @throws IOException if the stream is closed
     */
    public SocketAddress localAddress() throws IOException {
        return channel.getLocalAddress();
    }

    /**
     * {@return the peer's address, or null if not connected}
     *
     * @throws IOException if the stream is closed
     */
    public SocketAddress remoteAddress() throws IOException {
        return channel.getRemoteAddress();
    }

    /** {@return whether the stream is open} */
    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Closes the stream; tasks waiting on it are woken and their next call throws
     * {@link java.nio.channels.ClosedChannelException}. The file descriptor is freed at once
     * when called on the worker that owns the socket, else at that worker's next select.
     * Idempotent.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        reg.close();
    }

    void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            // nothing to report to: the caller already has the failure that made it close
        }
    }

    @Override
    public String toString() {
        return "TcpStream[" + channel + "]";
    }
}
