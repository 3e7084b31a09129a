package io.infer4j.cdi;

import io.infer4j.InferenceClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** Beans that inject clients the ways an application does. */
final class TestBeans {

  private TestBeans() {}

  /** Field injection of the unqualified client. */
  @Dependent
  static class DefaultUser {
    @Inject InferenceClient client;
  }

  /** Field injection of a named instance configured with a type key. */
  @Dependent
  static class SecondUser {
    @Inject @Backend("second") InferenceClient client;
  }

  /** Field injection of the provider of the default's name, without a type key. */
  @Dependent
  static class AlphaUser {
    @Inject @Backend("alpha") InferenceClient client;
  }

  /** A name that nothing configures. */
  @Dependent
  static class UnknownUser {
    @Inject @Backend("nosuch") InferenceClient client;
  }

  /** Normal-scoped, so its client is resolved on the first method call through the proxy. */
  @ApplicationScoped
  static class LazyUnknownUser {
    @Inject @Backend("nosuch") InferenceClient client;

    String clientName() {
      return client.name();
    }
  }

  /** Programmatic lookup: {@code @Any} so that selecting {@code @Backend} can match. */
  @Dependent
  static class LookupUser {
    @Inject @Any Instance<InferenceClient> clients;
  }
}
