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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An echo server on the JDK's {@link AsynchronousServerSocketChannel}, in a channel group of a
 * fixed number of threads: completion handlers chain accept, then per connection read, write
 * (again while bytes remain: a partial write), read.
 *
 * <p>On Linux the group's threads wait on one epoll set and run the handlers; a handler that
 * starts the next operation on the same thread may complete it inline, which the JDK bounds to
 * a small depth.
 */
final class AsyncChannelEchoServer implements EchoServer {
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final AsynchronousChannelGroup group;
    private final AsynchronousServerSocketChannel listener;

    /**
     * Binds the listener and starts accepting.
     *
     * @param threads the channel group's thread count
     * @throws IOException if the group or the listener cannot be created
     */
    AsyncChannelEchoServer(int threads) throws IOException {
        group = AsynchronousChannelGroup.withFixedThreadPool(threads, namedDaemons());
        try {
            listener = AsynchronousServerSocketChannel.open(group)
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        } catch (IOException | RuntimeException e) {
            group.shutdownNow();
            throw e;
        }
        listener.accept(null, new Acceptor());
    }

    private static ThreadFactory namedDaemons() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "echo-async-" + count.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the listener is closed", e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        group.shutdownNow(); // closes every channel of the group
        try {
            group.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Acceptor implements CompletionHandler<AsynchronousSocketChannel, Void> {
        @Override
        public void completed(AsynchronousSocketChannel channel, Void unused) {
            listener.accept(null, this);
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                closeQuietly(channel);
                return;
            }
            new Connection(channel).read();
        }

        @Override
        public void failed(Throwable cause, Void unused) {
            // the listener was closed (close()), or accept failed: either way stop accepting
        }
    }

    /** One connection's read, write, read chain; one operation is outstanding at a time. */
    private static final class Connection implements CompletionHandler<Integer, Void> {
        private final AsynchronousSocketChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
        private boolean writing;

        Connection(AsynchronousSocketChannel channel) {
            this.channel = channel;
        }

        void read() {
            writing = false;
            buffer.clear();
            channel.read(buffer, null, this);
        }

        @Override
        public void completed(Integer bytes, Void unused) {
            if (writing) {
                if (buffer.hasRemaining()) {
                    channel.write(buffer, null, this); // a partial write: send the rest
                } else {
                    read();
                }
            } else if (bytes < 0) {
                closeQuietly(channel); // the peer closed its side
            } else {
                writing = true;
                buffer.flip();
                channel.write(buffer, null, this);
            }
        }

        @Override
        public void failed(Throwable cause, Void unused) {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing else to release
        }
    }
}
