package io.infer4j.testing.internal;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;
import io.infer4j.spi.Capability;
import io.infer4j.testing.FakeBackend;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Provider {@code fake}. For an instance whose fake was installed by {@code
 * FakeInferenceExtension}, it returns a shared view of that fake (closing the client does not
 * close the test's fake). Otherwise a new {@link FakeBackend} configured from the keys {@code
 * reply} (fixed text for every request; without it the fake echoes the request),
 * {@code latency-first-token} and {@code latency-per-chunk} (durations such as {@code 20ms}),
 * {@code model}, {@code disable} (capabilities to turn off, comma-separated, such as {@code
 * tools, embeddings}), {@code down} (a reason: its health is {@code DOWN}, for readiness
 * tests) and {@code fail} (a reason: every request fails at its start with a retryable {@link
 * BackendUnavailableException}, as from an HTTP 503, for fallback tests). Not API.
 */
public final class FakeProvider implements BackendProvider {

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public Backend create(BackendConfig config) {
    Optional<FakeBackend> installed = FakeRegistry.installed(config.instanceName());
    if (installed.isPresent()) {
      return installed.get().shared();
    }
    FakeBackend fake = FakeBackend.create()
        .latency(
            config.getDuration("latency-first-token", Duration.ZERO),
            config.getDuration("latency-per-chunk", Duration.ZERO));
    config.get("model").ifPresent(fake::model);
    config.get("reply").ifPresent(text -> fake.when(request -> true).reply(text));
    config.get("down").ifPresent(fake::down);
    config.get("fail").ifPresent(reason -> fake.when(request -> true)
        .fail(new BackendUnavailableException(config.instanceName(), reason, true)));
    for (String name : config.getList("disable")) {
      fake.disable(capability(config, name));
    }
    return fake;
  }

  private static Capability capability(BackendConfig config, String name) {
    String constant = name.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    for (Capability c : Capability.values()) {
      if (c.name().equals(constant)) {
        return c;
      }
    }
    throw new InvalidConfigurationException(config.fullKey("disable"), config.get("disable").orElse(""),
        "no capability '" + name + "'; known: " + Arrays.stream(Capability.values())
            .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
  }
}
