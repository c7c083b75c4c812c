/**
 * tidepool blocking: hand a worker's queues to a backup thread while the current thread blocks.
 * The module exists so the build has its final shape; its API arrives with issue 5.
 */
module io.tidepool.blocking {
    requires transitive io.tidepool;
}
