package io.infer4j.testing.internal;

import io.infer4j.testing.FakeBackend;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The fakes installed by the JUnit extension, by instance name, for the "fake" provider to hand
 * out. Static and thread-safe; one fake per name at a time, so tests that install the same name
 * must not run in parallel (they share system properties anyway). Not API.
 */
public final class FakeRegistry {

  private static final ConcurrentMap<String, FakeBackend> INSTALLED = new ConcurrentHashMap<>();

  private FakeRegistry() {}

  /** Installs {@code fake} under {@code instanceName}, replacing any other. */
  public static void install(String instanceName, FakeBackend fake) {
    INSTALLED.put(Objects.requireNonNull(instanceName, "instanceName"), Objects.requireNonNull(fake, "fake"));
  }

  /** Removes {@code fake} if it is still the one installed under {@code instanceName}. */
  public static void uninstall(String instanceName, FakeBackend fake) {
    INSTALLED.remove(instanceName, fake);
  }

  /** The fake installed under {@code instanceName}, if any. */
  public static Optional<FakeBackend> installed(String instanceName) {
    return Optional.ofNullable(INSTALLED.get(instanceName));
  }
}
