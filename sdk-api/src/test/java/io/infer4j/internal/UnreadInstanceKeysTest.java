package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A configured instance key that the backend never reads while it is created (a misspelt {@code
 * per-tokn}, or a key its type has no use for) is warned of on {@link
 * BackendConfig#UNREAD_KEYS_LOGGER}, one line a key, naming the key, the instance, its type and
 * the keys it did read, never the value; the keys it reads, its type key and other instances'
 * keys are not. So is a global key of one segment that infer4j does not have ({@code
 * infer4j.bakend}), and a default-budget key it does not have ({@code
 * infer4j.latency-budget.tfft}).
 */
class UnreadInstanceKeysTest {
  private static final Logger LOG = Logger.getLogger(BackendConfig.UNREAD_KEYS_LOGGER);
  private final List<String> lines = new ArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
        lines.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    LOG.addHandler(handler);
  }

  @AfterEach
  void stopListening() {
    LOG.removeHandler(handler);
  }

  private void create(Map<String, String> keys) {
    BackendResolver resolver = new BackendResolver(Settings.of(keys), getClass().getClassLoader());
    resolver.defaultClient().close();
  }

  @Test
  void aMisspeltKeyIsNamedWithTheKeysTheBackendRead() {
    create(Map.of("infer4j.backend", "fast", "infer4j.backends.fast.type", "alpha",
        "infer4j.backends.fast.per-tokn", "secret-5ms",
        "infer4j.backends.other.per-tokn", "7ms"));

    assertEquals(1, lines.size(), lines::toString);
    String line = lines.get(0);
    assertTrue(line.startsWith("infer4j.backends.fast.per-tokn was not read when backend 'fast'"
        + " (type alpha) was created: misspelt, or not a setting of this type?"), line);
    assertTrue(line.endsWith("Settings it read: per-token"), line);
    assertFalse(line.contains("secret"), line);
  }

  @Test
  void aMisspeltGlobalKeyIsNamedWithTheGlobalKeys() {
    create(Map.of("infer4j.backend", "alpha", "infer4j.bakend", "beta",
        "infer4j.kernel.threads", "2"));

    assertEquals(List.of("infer4j.bakend is not a key infer4j reads: misspelt? Its keys of that"
        + " form: infer4j.backend, infer4j.model, infer4j.listeners; a backend's own go under"
        + " infer4j.backends.NAME."), lines);
  }

  @Test
  void aMisspeltDefaultBudgetKeyIsNamedWithItsKeys() {
    create(Map.of("infer4j.backend", "alpha", "infer4j.latency-budget.tfft", "200ms"));

    assertEquals(List.of("infer4j.latency-budget.tfft is not a key infer4j reads: misspelt? The"
        + " default budget's keys: infer4j.latency-budget.ttft, infer4j.latency-budget.total."),
        lines);
  }

  @Test
  void theKeysItReadsAndItsTypeKeyAreNotWarnedOf() {
    create(Map.of("infer4j.backend", "fast", "infer4j.backends.fast.type", "alpha",
        "infer4j.backends.fast.per-token", "1ms", "infer4j.model", "m", "infer4j.listeners",
        "none", "infer4j.latency-budget.ttft", "1s", "infer4j.latency-budget.total", "2s"));

    assertEquals(List.of(), lines);
  }
}
