package io.infer4j.opentelemetry.internal;

import io.infer4j.InferenceListener;
import io.infer4j.opentelemetry.InferenceTelemetry;
import io.infer4j.spi.ListenerProvider;
import io.opentelemetry.api.GlobalOpenTelemetry;

/**
 * Listener provider {@code opentelemetry}, found by {@code ServiceLoader}: telemetry to the global
 * OpenTelemetry. Until the application (or the Java agent) sets one, each request costs one check
 * and gets no listener; it never calls {@code GlobalOpenTelemetry.get()}, which would fix a no-op
 * as the global one and make the application's later {@code set} fail. Not API.
 */
public final class OpenTelemetryListenerProvider implements ListenerProvider {

  @Override
  public String name() {
    return "opentelemetry";
  }

  @Override
  public InferenceListener.Factory factory() {
    return new GlobalFactory();
  }

  /** Builds the telemetry the first time a request finds the global OpenTelemetry set. */
  private static final class GlobalFactory implements InferenceListener.Factory {
    private volatile InferenceTelemetry telemetry;

    @Override
    public InferenceListener create(InferenceListener.Call call) {
      InferenceTelemetry t = telemetry;
      if (t == null) {
        if (!GlobalOpenTelemetry.isSet()) {
          return InferenceListener.NONE;
        }
        synchronized (this) {
          if (telemetry == null) {
            telemetry = InferenceTelemetry.create(GlobalOpenTelemetry.getOrNoop());
          }
          t = telemetry;
        }
      }
      return t.create(call);
    }
  }
}
