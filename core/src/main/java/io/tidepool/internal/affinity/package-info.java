/**
 * CPU affinity of threads for pinned-core mode: the {@link
 * io.tidepool.internal.affinity.AffinityBackend} interface, the pure-Java Linux backend ({@code
 * /proc} and {@code taskset}), the fallback for unsupported platforms, and the
 * {@link io.tidepool.internal.affinity.BoundedExecutor} of blocking threads (pinned-core mode's
 * unaffinitized threads, pinned as they start, and {@code spawnBlocking}'s threads).
 *
 * <h2>Why no native library</h2>
 * The issue suggested OpenHFT's {@code net.openhft:affinity} or JNA. Measured here: affinity
 * 2026.2 (JNA 5.5.0 + slf4j-api) prints three SLF4J "No providers" warnings on every JDK, and on
 * JDK 25 both it and plain JNA print the JEP 472 warning "restricted method System::load called
 * by com.sun.jna.Native". tidepool's rule is that the library runs on JDK 17 and 25 with no flags
 * and no warnings. Pinning happens once per thread, at start, so the Linux backend reads
 * {@code /proc} and runs {@code taskset -p -c} (an exec of about a millisecond) instead. A
 * native backend (JNA, or the FFM API on JDK 22+ with {@code --enable-native-access}) can be
 * added behind the same interface.
 *
 * <h2>Platforms without support</h2>
 * Not Linux, no {@code /proc/thread-self}, or no {@code taskset}: {@link
 * io.tidepool.internal.affinity.LinuxAffinity#detect()} returns an {@link
 * io.tidepool.internal.affinity.UnsupportedAffinity} with the reason; a pinned pool then logs
 * one warning and runs unpinned, or fails to build in strict mode. A {@code taskset} that fails
 * on one thread (a cgroup forbids the CPU, say) is handled the same way.
 */
package io.tidepool.internal.affinity;
