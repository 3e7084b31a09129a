package io.infer4j.testing.internal;

import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.spi.Capability;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the fake can do: everything but {@code SIMULATED_TIMING} and {@code REMOTE}, less what a
 * test disabled. Thread-safe. Not API.
 */
public final class FakeCapabilities {

  private static final Set<Capability> ALL = Collections.unmodifiableSet(EnumSet.of(
      Capability.RAW_PROMPT,
      Capability.CHAT,
      Capability.STREAMING,
      Capability.SEEDED_SAMPLING,
      Capability.LATENCY_ESTIMATE,
      Capability.TOOLS,
      Capability.STRUCTURED_OUTPUT,
      Capability.EMBEDDINGS,
      Capability.IMAGES,
      Capability.AUDIO));

  private final Set<Capability> disabled = EnumSet.noneOf(Capability.class); // guarded by this

  /** The capabilities now (a snapshot). */
  public synchronized Set<Capability> declared() {
    Set<Capability> has = EnumSet.copyOf(ALL);
    has.removeAll(disabled);
    return Collections.unmodifiableSet(has);
  }

  public synchronized boolean has(Capability c) {
    return ALL.contains(c) && !disabled.contains(c);
  }

  public synchronized void disable(Capability... capabilities) {
    for (Capability c : capabilities) {
      if (c == null) {
        throw new NullPointerException("capability");
      }
    }
    disabled.addAll(Arrays.asList(capabilities));
  }

  public synchronized void reset() {
    disabled.clear();
  }

  /**
   * @throws UnsupportedCapabilityException naming the first of {@code needed} that is off
   */
  public synchronized void require(Collection<Capability> needed) {
    for (Capability c : needed) {
      if (!has(c)) {
        throw new UnsupportedCapabilityException("fake", c, "disabled on this fake (FakeBackend.disable)");
      }
    }
  }
}
