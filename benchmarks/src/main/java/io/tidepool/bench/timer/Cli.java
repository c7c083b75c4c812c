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

package io.tidepool.bench.timer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of the standalone timer programs: {@code --name value} pairs, each name one of a
 * known set, every value checked when read, with the bad one named in the error.
 */
final class Cli {
    private final Map<String, String> values = new HashMap<>();

    /**
     * Parses {@code args}.
     *
     * @param known the option names, without the leading dashes
     * @throws IllegalArgumentException on an unknown option or one without a value
     */
    Cli(String[] args, Set<String> known) {
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            if (!arg.startsWith("--") || !known.contains(arg.substring(2))) {
                throw new IllegalArgumentException("unknown option: " + arg + " (known: --"
                        + String.join(", --", new TreeSet<>(known)) + ")");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            values.put(arg.substring(2), args[++i]);
        }
    }

    /** {@return the option's value, or {@code fallback} if it was not given} */
    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /**
     * {@return the option's value as a long of at least {@code min}, or {@code fallback}}
     *
     * @throws IllegalArgumentException if the value is not a number or is below {@code min}
     */
    long number(String name, long fallback, long min) {
        final String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        final long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number: " + text, e);
        }
        if (value < min) {
            throw new IllegalArgumentException("--" + name + " must be >= " + min + ": " + value);
        }
        return value;
    }

    /** {@return the line that heads a program's output: JVM, CPUs and the settings} */
    static String header(String what, String settings) {
        return "# " + what + ": " + settings + "; JDK " + Runtime.version() + " ("
                + System.getProperty("java.vm.name") + "), "
                + Runtime.getRuntime().availableProcessors() + " CPUs";
    }
}
