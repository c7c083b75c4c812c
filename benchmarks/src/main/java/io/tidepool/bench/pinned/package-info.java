/**
 * Pinned-core mode (issue 6): the cross-core round-trip and poller-overhead benchmarks, and the
 * runnable {@link io.tidepool.bench.pinned.StorageDemo}.
 */
package io.tidepool.bench.pinned;
