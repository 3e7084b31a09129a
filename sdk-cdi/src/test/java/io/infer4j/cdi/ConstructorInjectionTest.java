package io.infer4j.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

class ConstructorInjectionTest {

  /** Both kinds of client as constructor parameters, kept in final fields. */
  @Dependent
  static class Summarizer {
    private final InferenceClient fast;
    private final InferenceClient second;

    @Inject
    Summarizer(InferenceClient fast, @Backend("second") InferenceClient second) {
      this.fast = fast;
      this.second = second;
    }

    String both(InferenceRequest request) {
      return fast.generate(request).text() + " | " + second.generate(request).text();
    }
  }

  @Test
  void aBeanWithConstructorInjectionGetsTheDefaultAndTheNamedClient() {
    try (WeldContainer weld = WeldContainers.start(Summarizer.class)) {
      Summarizer summarizer = weld.select(Summarizer.class).get();

      InferenceRequest request = InferenceRequest.builder().prompt("hi").maxTokens(2).build();
      assertEquals("alpha0 alpha1 | second0 second1", summarizer.both(request));
    }
  }
}
