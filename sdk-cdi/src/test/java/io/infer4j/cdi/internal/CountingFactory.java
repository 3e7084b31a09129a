package io.infer4j.cdi.internal;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.support.WordBackend;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ClientFactory} over the test-jar's {@link WordBackend}: the default is {@code
 * defaultName}, any name in {@code known} can be created, others fail like the real resolver.
 * Records every client it creates.
 */
final class CountingFactory implements ClientFactory {

  private final String defaultName;
  private final List<String> known;
  final List<InferenceClient> created = new CopyOnWriteArrayList<>();

  CountingFactory(String defaultName, String... known) {
    this.defaultName = defaultName;
    this.known = List.of(known);
  }

  @Override
  public InferenceClient defaultClient() {
    return client(defaultName);
  }

  @Override
  public InferenceClient client(String name) {
    if (!known.contains(name)) {
      throw new InvalidConfigurationException("infer4j.backend", name, "unknown in this test");
    }
    InferenceClient client = InferenceClients.of(name, new WordBackend(name, Duration.ZERO));
    created.add(client);
    return client;
  }

  @Override
  public java.util.Optional<String> configuredDefault() {
    return java.util.Optional.of(defaultName);
  }

  long createdNamed(String name) {
    return created.stream().filter(c -> c.name().equals(name)).count();
  }
}
