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

package io.tidepool.docs;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidepool.AsyncTask;
import io.tidepool.Poll;
import io.tidepool.TaskContext;
import io.tidepool.ThreadPool;
import io.tidepool.net.NetReactor;
import io.tidepool.net.TcpListener;
import io.tidepool.net.TcpStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The snippets of docs/guide/net.md, each run and checked over localhost sockets. */
class NetSnippetsTest {
    // tag::echo-task[]
    static final class Echo implements AsyncTask<Void> {
        private final TcpStream stream;
        private final ByteBuffer buffer = ByteBuffer.allocate(8192);
        private boolean writing;                        // buffer holds bytes to write back

        Echo(TcpStream stream) {
            this.stream = stream;
        }

        @Override
        public Poll<Void> poll(TaskContext cx) throws IOException {
            while (true) {
                if (writing) {
                    if (stream.pollWriteAll(cx, buffer).isPending()) {
                        return Poll.pending();          // send buffer full: woken when writable
                    }
                    buffer.clear();
                    writing = false;
                }
                Poll<Integer> n = stream.pollRead(cx, buffer);
                if (n.isPending()) {
                    return Poll.pending();              // nothing to read: woken when readable
                }
                if (n.value() < 0) {                    // the client shut down its output
                    stream.close();
                    return Poll.ready(null);
                }
                buffer.flip();
                writing = true;
            }
        }
    }
    // end::echo-task[]

    @Test
    void echoServer() throws Exception {
        // tag::echo-server[]
        NetReactor net = NetReactor.build(ThreadPool.builder().poolSize(2));
        ThreadPool pool = net.pool();
        TcpListener listener = net.bind(new InetSocketAddress("127.0.0.1", 0));
        pool.spawnDetached(cx -> {                      // the accept loop is a task too
            Poll<TcpStream> accepted;
            while ((accepted = listener.pollAccept(cx)).isReady()) {
                pool.spawnDetached(new Echo(accepted.value()));
            }
            return Poll.pending();                      // woken by the next connection
        });
        // end::echo-server[]
        try (Socket client = new Socket("127.0.0.1", ((InetSocketAddress) listener.localAddress()).getPort())) {
            client.getOutputStream().write("hello".getBytes(US_ASCII));
            client.shutdownOutput();
            assertEquals("hello", new String(client.getInputStream().readAllBytes(), US_ASCII));
        }
        // tag::shutdown[]
        pool.shutdownNow();                             // closes every selector and socket
        pool.awaitTermination(10, TimeUnit.SECONDS);
        // end::shutdown[]
        assertTrue(pool.isTerminated());
        assertTrue(!listener.isOpen());
    }

    @Test
    void completionStages() throws Exception {
        NetReactor net = NetReactor.build(ThreadPool.builder().poolSize(2));
        try (TcpListener listener = net.bind(new InetSocketAddress("127.0.0.1", 0))) {
            InetSocketAddress address = (InetSocketAddress) listener.localAddress();
            CompletionStage<TcpStream> accepted = listener.accept();
            // tag::stages[]
            CompletionStage<String> reply = net.connect(address)
                    .thenCompose(stream -> stream.writeAll(ByteBuffer.wrap("ping".getBytes(US_ASCII)))
                            .thenCompose(written -> {
                                ByteBuffer in = ByteBuffer.allocate(64);
                                return stream.read(in).thenApply(n -> new String(in.array(), 0, n, US_ASCII));
                            }));
            // end::stages[]
            TcpStream server = accepted.toCompletableFuture().get(10, TimeUnit.SECONDS);
            ByteBuffer ping = ByteBuffer.allocate(4);
            while (ping.hasRemaining()) {
                server.read(ping).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            server.writeAll(ByteBuffer.wrap("pong".getBytes(US_ASCII))).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            // one read may return part of "pong"; on localhost it is one segment
            String got = reply.toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertTrue(!got.isEmpty() && "pong".startsWith(got), got);
            server.close();
        } finally {
            net.pool().shutdownNow();
            assertTrue(net.pool().awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
