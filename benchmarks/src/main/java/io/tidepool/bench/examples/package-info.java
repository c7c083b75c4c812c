/**
 * Small runnable programs that use tidepool the way an application does; not benchmarks (JMH
 * does not run them), run each with {@code java -cp benchmarks/target/benchmarks.jar <class>}.
 */
package io.tidepool.bench.examples;
