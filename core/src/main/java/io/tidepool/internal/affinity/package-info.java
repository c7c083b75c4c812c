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
 * CPU affinity of threads for pinned-core mode: the {@link
 * io.tidepool.internal.affinity.AffinityBackend} interface, the Linux backend ({@code /proc} and
 * {@code /sys} to read; {@code sched_setaffinity} through the FFM API or {@code taskset} to pin),
 * the fallback for unsupported platforms, and the
 * {@link io.tidepool.internal.affinity.BoundedExecutor} of blocking threads (pinned-core mode's
 * unaffinitized threads, pinned as they start, and {@code spawnBlocking}'s threads).
 *
 * <h2>Why no native library</h2>
 * The issue suggested OpenHFT's {@code net.openhft:affinity} or JNA. Measured here: affinity
 * 2026.2 (JNA 5.5.0 + slf4j-api) prints three SLF4J "No providers" warnings on every JDK, and on
 * JDK 25 both it and plain JNA print the JEP 472 warning "restricted method System::load called
 * by com.sun.jna.Native". tidepool's rule is that the library runs on JDK 17 and 25 with no flags
 * and no warnings.
 *
 * <h2>Native pinning on JDK 22+, {@code taskset} otherwise</h2>
 * The jar is multi-release. {@code NativeAffinity} has a JDK 17 version (no native pinner) and a
 * JDK 22 version in {@code META-INF/versions/22} that makes an {@code FfmPinner}, calling
 * {@code sched_setaffinity}/{@code sched_getaffinity} through the FFM API, but only when
 * {@code Module.isNativeAccessEnabled()} says the application enabled native access
 * for this module ({@code --enable-native-access=io.tidepool}, or {@code ALL-UNNAMED} on the
 * class path). That check comes before any restricted method, so a JVM without the flag prints
 * no warning; the {@code TasksetPinner} (an exec of {@code taskset -p -c}, a millisecond or more)
 * is used instead and the reason logged at DEBUG on {@code io.tidepool.affinity}. Either way a
 * thread is pinned once, when it starts.
 *
 * <h2>Platforms without support</h2>
 * Not Linux, no {@code /proc/thread-self}, or neither native pinning nor {@code taskset}: {@link
 * io.tidepool.internal.affinity.LinuxAffinity#detect()} returns an {@link
 * io.tidepool.internal.affinity.UnsupportedAffinity} with the reason; a pinned pool then logs
 * one warning and runs unpinned, or fails to build in strict mode. A {@code taskset} that fails
 * on one thread (a cgroup forbids the CPU, say) is handled the same way.
 */
package io.tidepool.internal.affinity;
