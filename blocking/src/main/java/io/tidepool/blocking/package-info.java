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
 * Blocking sections for tidepool tasks: {@link io.tidepool.blocking.Blocking}. A section hands
 * the calling worker's queues to a backup thread while the body blocks. The pool's other two
 * blocking tools live in core: {@code ThreadPool.spawnBlocking} (separate bounded blocking
 * threads, a future per job) and {@code ThreadPoolBuilder.detectBlocking} (an opt-in detector
 * that retakes the worker of a task blocking without a section).
 */
package io.tidepool.blocking;
