package io.tidepool;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The main class of {@link OptionalMicrometerTest}'s child JVMs: uses a pool as an application
 * that never heard of Micrometer does (tasks, metrics, summary, close) and prints what it saw.
 * With the argument {@code probe} it also says whether Micrometer is on its class path (probing
 * loads a class, so the run that checks class loading does not probe).
 */
public final class NoMicrometerChild {
    private NoMicrometerChild() {}

    /**
     * Runs the pool.
     *
     * @param args {@code probe} to report whether Micrometer's registry class can be found
     * @throws Exception if the tasks do not run in time
     */
    public static void main(String[] args) throws Exception {
        final int n = 100;
        final ThreadPool pool = ThreadPool.builder().poolSize(2).namePrefix("no-micrometer")
                .pollTimeHistogram(true).build();
        final CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.execute(done::countDown);
        }
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("tasks did not run: " + pool);
        }
        pool.close();
        final long polls = pool.metrics().pollCount();
        if (!pool.toString().contains("no-micrometer")) {
            throw new IllegalStateException("summary lacks the name: " + pool);
        }
        String micrometer = "unprobed";
        if (args.length > 0 && args[0].equals("probe")) {
            try {
                Class.forName("io.micrometer.core.instrument.MeterRegistry", false,
                        NoMicrometerChild.class.getClassLoader());
                micrometer = "present";
            } catch (ClassNotFoundException expected) {
                micrometer = "absent";
            }
        }
        System.out.println("polls=" + polls + " micrometer=" + micrometer);
    }
}
