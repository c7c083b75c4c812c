/**
 * Blocking sections for tidepool tasks: {@link io.tidepool.blocking.Blocking}. A section hands
 * the calling worker's queues to a backup thread while the body blocks. The pool's other two
 * blocking tools live in core: {@code ThreadPool.spawnBlocking} (separate bounded blocking
 * threads, a future per job) and {@code ThreadPoolBuilder.detectBlocking} (an opt-in detector
 * that retakes the worker of a task blocking without a section).
 */
package io.tidepool.blocking;
