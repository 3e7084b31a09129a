package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceException;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.remote.internal.RemoteBackendProvider;
import io.infer4j.spi.BackendConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** The API key never appears in messages, stack traces or toString(). */
class SecretsTest {

  private static final String KEY = "sk-proj-SECRET-4242";

  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  @Test
  void aServerErrorThatEchoesTheKeyIsRedacted() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(Remote.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
          + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
      Remote remote = Remote.to(server, "api-key", KEY);
      try {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
            () -> remote.client.generate(Remote.chat("hi", null)));
        assertFalse(everything(e).contains(KEY), everything(e));
        assertTrue(e.getMessage().contains(ApiKey.MASK), e.getMessage());
        assertFalse(remote.backend.toString().contains(KEY), remote.backend.toString());
        assertFalse(remote.client.toString().contains(KEY));
      } finally {
        remote.close();
      }
    }
  }

  @Test
  void aOneCharacterKeyIsMaskedAsAWordButNotInsideWords() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(Remote.json(401, "{\"error\":{\"message\":\"backend rejects key k\"}}"));
      Remote remote = Remote.to(server, "api-key", "k");
      try {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
            () -> remote.client.generate(Remote.chat("hi", null)));
        assertTrue(e.getMessage().startsWith("backend 'r' unavailable: authentication failed"
            + " (HTTP 401): backend rejects key " + ApiKey.MASK + "; check api-key"), e.getMessage());
      } finally {
        remote.close();
      }
    }
  }

  @Test
  void settingsAndKeysNeverPrintTheKey() {
    RemoteSettings s = RemoteSettings.from(BackendConfig.ofMap("g", "remote",
        Map.of("preset", "groq", "api-key", KEY, "model", "llama-3.1-8b-instant")));
    assertFalse(s.toString().contains(KEY), s.toString());
    assertFalse(s.apiKey().toString().contains(KEY));
    assertTrue(s.apiKey().isPresent());
  }

  @Test
  void configurationErrorsAboutTheKeyNeverQuoteIt() {
    InvalidConfigurationException missing = assertThrows(InvalidConfigurationException.class,
        () -> new RemoteBackendProvider().create(BackendConfig.ofMap("g", "remote",
            Map.of("preset", "openai"))));
    assertTrue(missing.getMessage().contains("infer4j.backends.g.api-key"), missing.getMessage());
    InferenceException badUrl = assertThrows(InvalidConfigurationException.class,
        () -> new RemoteBackendProvider().create(BackendConfig.ofMap("g", "remote",
            Map.of("base-url", "not a url", "api-key", KEY))));
    assertFalse(everything(badUrl).contains(KEY));
  }

  @Test
  void aKeyGivenAsApiKeyEnvIsATypedErrorThatDoesNotShowIt() {
    for (String key : new String[] {KEY, "gsk_3kT9qLm0ZpWx7Yb2Nc4Rv8UaQe5Hd1Jf"}) {
      InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
          () -> RemoteSettings.from(BackendConfig.ofMap("g", "remote",
              Map.of("preset", "groq", "api-key-env", key))));
      assertFalse(everything(e).contains(key), everything(e));
      assertTrue(e.getMessage().startsWith("infer4j.backends.g.api-key-env=" + ApiKey.MASK
          + ": takes the NAME of an environment variable"), e.getMessage());
      assertTrue(e.getMessage().contains("not the key itself"), e.getMessage());
    }
  }

  @Test
  void anUnsetVariableNamedByApiKeyEnvIsNamed() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> RemoteSettings.from(BackendConfig.ofMap("g", "remote",
            Map.of("preset", "groq", "api-key-env", "INFER4J_TEST_SURELY_UNSET_VAR"))));
    assertTrue(e.getMessage().contains("INFER4J_TEST_SURELY_UNSET_VAR is not set"), e.getMessage());
  }

  @Test
  void anUnsetEnvironmentReferenceNamesTheVariableNotAValue() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> RemoteSettings.from(BackendConfig.ofMap("g", "remote",
            Map.of("preset", "groq", "api-key", "${INFER4J_TEST_SURELY_UNSET_VAR}"))));
    assertTrue(e.getMessage().contains("INFER4J_TEST_SURELY_UNSET_VAR is not set"), e.getMessage());
  }
}
