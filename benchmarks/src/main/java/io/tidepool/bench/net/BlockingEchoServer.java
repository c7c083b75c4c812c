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

import io.tidepool.bench.scheduler.ExecutorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An echo server with blocking sockets and one thread per connection: a platform thread each
 * ({@link #threadPerConnection()}), or a virtual thread each ({@link #virtualThreads(int)},
 * JDK 21+).
 *
 * <p>One platform thread accepts (in both variants); each connection's thread loops {@code read}
 * into an 8 KiB array and {@code write} of what it read. With virtual threads a blocked read parks the virtual thread and frees its carrier; the
 * JDK's poller wakes it when the socket is readable.
 */
final class BlockingEchoServer implements EchoServer {
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final ServerSocket listener;
    private final Consumer<Runnable> starter;
    private final ExecutorService executor;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private BlockingEchoServer(Consumer<Runnable> starter, ExecutorService executor) throws IOException {
        this.starter = starter;
        this.executor = executor;
        this.listener = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "echo-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * A server that starts a platform thread per accepted connection (the classic
     * {@code java.net} server; it has no thread count).
     *
     * @throws IOException if the listener cannot be bound
     */
    static BlockingEchoServer threadPerConnection() throws IOException {
        return new BlockingEchoServer(task -> {
            Thread thread = new Thread(task, "echo-connection");
            thread.setDaemon(true);
            thread.start();
        }, null);
    }

    /**
     * A server that starts a virtual thread per accepted connection; the virtual threads run on
     * {@code carriers} carrier threads when this is the JVM's first use of virtual threads (see
     * {@link ExecutorKind#VIRTUAL}).
     *
     * @throws UnsupportedOperationException on a JDK older than 21
     * @throws IOException if the listener cannot be bound
     */
    static BlockingEchoServer virtualThreads(int carriers) throws IOException {
        ExecutorService executor = ExecutorKind.VIRTUAL.create(carriers);
        try {
            return new BlockingEchoServer(executor::execute, executor);
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed by close()
            }
            connections.add(socket);
            starter.accept(() -> echo(socket));
        }
    }

    private void echo(Socket socket) {
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // the peer reset the connection, or close() closed the socket: the connection ends
        } catch (IOException e) {
            // any other I/O failure ends this connection only
        } finally {
            connections.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closing: nothing else to release
            }
        }
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            if (executor != null) {
                executor.shutdownNow();
                executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
