package io.infer4j.cdi;

import io.infer4j.cdi.internal.ClientProducers;
import io.infer4j.cdi.internal.ClientRegistry;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/** Starts Weld SE with infer4j's producer beans and the given test beans, nothing scanned. */
final class WeldContainers {

  private WeldContainers() {}

  /** A running container; the caller shuts it down (it is {@link AutoCloseable}). */
  static WeldContainer start(Class<?>... testBeans) {
    return new Weld()
        .disableDiscovery()
        .skipShutdownHook()
        .addBeanClasses(ClientRegistry.class, ClientProducers.class)
        .addBeanClasses(testBeans)
        .initialize();
  }
}
