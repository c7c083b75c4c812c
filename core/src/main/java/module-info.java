/**
 * tidepool core: the work-stealing {@link io.tidepool.ThreadPool}.
 */
module io.tidepool {
    requires org.jctools.core.jdk11;

    exports io.tidepool;
    exports io.tidepool.internal.pool to io.tidepool.blocking;
    exports io.tidepool.internal.queue to io.tidepool.blocking;
    exports io.tidepool.internal.park to io.tidepool.blocking;
}
