package io.infer4j.support;

import io.infer4j.InferenceListener;
import io.infer4j.spi.ListenerProvider;

/**
 * Test listener provider "recording", registered for ServiceLoader: every client made from
 * configuration in this module's tests gets it, so it records only while a test has set {@link
 * #recorder}.
 */
public final class RecordingListenerProvider implements ListenerProvider {

  /** Where events go; null (the default) listens to nothing. */
  public static volatile RecordingListener recorder;

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public InferenceListener.Factory factory() {
    return call -> {
      RecordingListener r = recorder;
      return r == null ? InferenceListener.NONE : r.create(call);
    };
  }
}
