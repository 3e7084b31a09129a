package io.infer4j.opentelemetry;

import java.util.HashMap;
import java.util.Map;

/** System properties set for one test and restored after it (the SDK's configuration source here). */
final class SystemProperties implements AutoCloseable {

  private final Map<String, String> previous = new HashMap<>();

  SystemProperties(Map<String, String> values) {
    values.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
  }

  @Override
  public void close() {
    previous.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
  }
}
