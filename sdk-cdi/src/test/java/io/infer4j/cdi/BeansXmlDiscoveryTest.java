package io.infer4j.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.InferenceRequest;
import io.infer4j.cdi.TestBeans.SecondUser;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

class BeansXmlDiscoveryTest {

  @Test
  void theShippedBeansXmlLetsTheContainerFindTheProducersOnItsOwn() {
    // Discovery on: the producers must come from scanning this module's bean archive
    // (target/classes with META-INF/beans.xml); only the test bean is added by hand.
    try (WeldContainer weld = new Weld()
        .skipShutdownHook()
        .addBeanClasses(SecondUser.class)
        .initialize()) {
      SecondUser user = weld.select(SecondUser.class).get();

      InferenceRequest request = InferenceRequest.builder().prompt("hi").maxTokens(1).build();
      assertEquals("second0", user.client.generate(request).text());
    }
  }
}
