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

package io.tidepool.internal.metrics;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** Registers a pool's MBean in the platform MBean server, and removes it at termination. */
public final class JmxRegistration {
    /** Characters that make an ObjectName value need quoting. */
    private static final String SPECIAL = ",=:\"*?\n\\";

    private JmxRegistration() {}

    /**
     * {@code io.tidepool:type=ThreadPool,name=<name>}, quoting the name only if it must be.
     *
     * @param poolName the pool's name
     * @return the pool's MBean name
     * @throws IllegalArgumentException if no ObjectName can hold the name even quoted
     */
    public static ObjectName objectName(String poolName) {
        boolean quote = false;
        for (int i = 0; i < poolName.length() && !quote; i++) {
            quote = SPECIAL.indexOf(poolName.charAt(i)) >= 0;
        }
        final String value = quote ? ObjectName.quote(poolName) : poolName;
        try {
            return new ObjectName("io.tidepool:type=ThreadPool,name=" + value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("pool name not usable in an ObjectName: " + poolName, e);
        }
    }

    /**
     * Registers {@code mbean} under {@link #objectName}.
     *
     * @param poolName the pool's name, turned into the MBean name by {@link #objectName}
     * @param mbean the MBean to register
     * @return the name it was registered under, for {@link #unregister}
     * @throws IllegalStateException if that name is taken (another running pool of the same name)
     *     or the server refuses the bean
     */
    public static ObjectName register(String poolName, Object mbean) {
        final ObjectName name = objectName(poolName);
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(mbean, name);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException("an MBean named " + name + " is already registered;"
                    + " give each pool with jmx(true) its own namePrefix", e);
        } catch (JMException e) {
            throw new IllegalStateException("could not register " + name, e);
        }
        return name;
    }

    /**
     * Removes the bean registered as {@code name}; a bean already gone is fine.
     *
     * @param name the name {@link #register} returned
     * @throws IllegalStateException if the server refuses the removal
     */
    public static void unregister(ObjectName name) {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException ignored) {
            // someone else removed it: nothing to do
        } catch (JMException e) {
            throw new IllegalStateException("could not unregister " + name, e);
        }
    }
}
