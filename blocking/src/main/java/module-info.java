/**
 * tidepool blocking: run blocking code from pool tasks without stalling the pool. A blocking
 * section hands the calling worker's queues and identity to a backup thread while the calling
 * thread blocks; see {@link io.tidepool.blocking.Blocking}.
 */
module io.tidepool.blocking {
    requires transitive io.tidepool;

    exports io.tidepool.blocking;
}
