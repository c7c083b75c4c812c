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
/**
 * Asynchronous TCP for {@link io.tidepool.AsyncTask}s: a {@link io.tidepool.net.NetReactor}
 * builds a pool whose idle workers wait in a selector, and its
 * {@link io.tidepool.net.TcpListener}s and {@link io.tidepool.net.TcpStream}s return
 * {@link io.tidepool.Poll} from every operation, registering the task's waker when the socket
 * is not ready. The guide is {@code docs/guide/net.md}.
 */
package io.tidepool.net;
