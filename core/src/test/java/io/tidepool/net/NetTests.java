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

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.AsyncTask;
import io.tidepool.Poll;
import io.tidepool.TaskContext;
import io.tidepool.ThreadPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Helpers of the socket tests: an echo server on the reactor, descriptor counts, waits. */
final class NetTests {
    /** The longest a test waits for something that should happen soon. */
    static final long WAIT_SECONDS = 60;
    static final InetSocketAddress LOCALHOST = new InetSocketAddress("127.0.0.1", 0);

    private NetTests() {}

    static NetReactor reactor(int workers) {
        return NetReactor.build(ThreadPool.builder().poolSize(workers).namePrefix("net-test"));
    }

    /**
     * {@return what each of this process's open descriptors refers to (the link of
     * /proc/self/fd/N: a socket's or pipe's inode, an epoll or eventfd, a file), sorted}
     */
    static List<String> openFdTargets() {
        final List<String> targets = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed between the listing and the read: not open any more
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Collections.sort(targets);
        return targets;
    }

    /**
     * Asserts that every descriptor open now was open at {@code before} too (targets counted
     * as a multiset): a leak is a descriptor opened since and not closed, and a new socket has
     * a new inode, so a leak shows even when the count did not move. Descriptors closed
     * meanwhile by other code do not count against it: the bare count once went down by one in
     * a full build (an earlier test's handle closed by its cleaner at a collection).
     *
     * <p>Only descriptors without a path count: sockets, pipes, epoll and eventfd instances,
     * everything the network code can open. A path is a file, which the network code never
     * opens, but the JVM does at any moment: a CI run once failed on the JVM's own read of its
     * cgroup memory limit ({@code /sys/fs/cgroup/memory/.../memory.limit_in_bytes}), open at
     * the instant of the check.
     *
     * @param before {@link #openFdTargets} at the start
     * @param what what the assertion checks, for its message
     */
    static void assertNoNewDescriptors(List<String> before, String what) {
        final List<String> added = new ArrayList<>(openFdTargets());
        for (String t : before) {
            added.remove(t);
        }
        added.removeIf(t -> t.startsWith("/"));
        assertTrue(added.isEmpty(), () -> what + ": opened and not closed: " + added);
    }

    /** {@return the soft limit on open file descriptors (ulimit -n), from /proc/self/limits} */
    static long maxFds() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/limits"))) {
            // "Max open files            20000                20000                files"
            final String line = lines.filter(l -> l.startsWith("Max open files")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no open-files line in /proc/self/limits"));
            final String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
            return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "timed out waiting for " + what);
    }

    /** Waits for {@code permits} connections of {@code server} to end. */
    static void awaitFinished(EchoServer server, int permits) throws InterruptedException {
        assertTrue(server.finished.tryAcquire(permits, WAIT_SECONDS, TimeUnit.SECONDS),
                "timed out waiting for " + permits + " connections to end; ended: "
                        + server.finished.availablePermits());
    }

    static void terminate(NetReactor net) throws InterruptedException {
        net.pool().shutdownNow();
        assertTrue(net.pool().awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "pool did not terminate");
    }

    /** Accepts for ever; one {@link Echo} per connection, counted when it ends. */
    static final class EchoServer implements AsyncTask<Void> {
        final TcpListener listener;
        final ThreadPool pool;
        final AtomicInteger accepted = new AtomicInteger();
        /** One permit per connection that ended (end of stream or failure). */
        final Semaphore finished = new Semaphore(0);
        final AtomicInteger failed = new AtomicInteger();

        EchoServer(NetReactor net) throws IOException {
            this.pool = net.pool();
            this.listener = net.bind(LOCALHOST);
            pool.spawnDetached(this);
        }

        int port() throws IOException {
            return ((InetSocketAddress) listener.localAddress()).getPort();
        }

        @Override
        public Poll<Void> poll(TaskContext cx) throws IOException {
            Poll<TcpStream> s;
            while ((s = listener.pollAccept(cx)).isReady()) {
                accepted.incrementAndGet();
                pool.spawnDetached(new Echo(s.value(), this));
            }
            return Poll.pending();
        }
    }

    /** Writes back what it reads until end of stream, then closes; a reset counts as failed. */
    static final class Echo implements AsyncTask<Void> {
        private final TcpStream stream;
        private final EchoServer server;
        private final ByteBuffer buffer = ByteBuffer.allocate(8192);
        private boolean writing;

        Echo(TcpStream stream, EchoServer server) {
            this.stream = stream;
            this.server = server;
        }

        @Override
        public Poll<Void> poll(TaskContext cx) throws IOException {
            try {
                while (true) {
                    if (writing) {
                        if (stream.pollWriteAll(cx, buffer).isPending()) {
                            return Poll.pending();
                        }
                        buffer.clear();
                        writing = false;
                    }
                    final Poll<Integer> n = stream.pollRead(cx, buffer);
                    if (n.isPending()) {
                        return Poll.pending();
                    }
                    if (n.value() < 0) {
                        stream.close();
                        server.finished.release();
                        return Poll.ready(null);
                    }
                    buffer.flip();
                    writing = true;
                }
            } catch (IOException e) {
                stream.close();
                server.failed.incrementAndGet();
                server.finished.release();
                return Poll.ready(null);
            }
        }
    }
}
