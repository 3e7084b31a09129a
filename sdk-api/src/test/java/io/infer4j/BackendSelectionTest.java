package io.infer4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.support.PrintAnswer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switching the backend without touching code: {@code infer4j.backend} from
 * META-INF/microprofile-config.properties, a system property, or the environment, through
 * MicroProfile Config (SmallRye here); and the errors for an unknown or misconfigured backend.
 * The test providers "alpha" and "beta" answer "alpha0 alpha1 ..." and "beta0 beta1 ...".
 */
class BackendSelectionTest {

  private static final InferenceRequest HI = InferenceRequest.builder().prompt("hi").maxTokens(2).build();

  @TempDir Path dir;

  /** A class loader whose META-INF/microprofile-config.properties holds the given lines. */
  private ClassLoader loaderWithConfigFile(String properties) throws IOException {
    Path meta = Files.createDirectories(dir.resolve("META-INF"));
    Files.writeString(meta.resolve("microprofile-config.properties"), properties);
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  private static <T> T withContextLoader(ClassLoader loader, Supplier<T> action) {
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    t.setContextClassLoader(loader);
    try {
      return action.get();
    } finally {
      ConfigProviderResolver.instance().releaseConfig(
          ConfigProviderResolver.instance().getConfig(loader));
      t.setContextClassLoader(previous);
    }
  }

  private static String answer(InferenceClient client) {
    try (client) {
      return client.generate(HI).text();
    }
  }

  @Test
  void thePropertiesFileChoosesTheBackend() throws IOException {
    ClassLoader loader = loaderWithConfigFile("infer4j.backend=beta\n");
    String text = withContextLoader(loader, () -> answer(InferenceClients.fromConfig()));
    assertEquals("beta0 beta1", text);
  }

  @Test
  void aSystemPropertyOverridesThePropertiesFile() throws IOException {
    ClassLoader loader = loaderWithConfigFile("infer4j.backend=beta\n");
    System.setProperty("infer4j.backend", "alpha");
    try {
      String text = withContextLoader(loader, () -> answer(InferenceClients.fromConfig()));
      assertEquals("alpha0 alpha1", text);
    } finally {
      System.clearProperty("infer4j.backend");
    }
  }

  @Test
  void anEnvironmentVariableChoosesTheBackendInAFreshProcess() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(
        java, "-cp", System.getProperty("java.class.path"), PrintAnswer.class.getName());
    pb.environment().put("INFER4J_BACKEND", "beta");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child exits");
    assertEquals(0, p.exitValue(), out);
    assertEquals("beta0 beta1", out.strip());
  }

  @Test
  void withoutAnImplementationThePropertiesFileIsReportedAsUnread() throws Exception {
    loaderWithConfigFile("infer4j.backend=beta\n");
    // The test class path without SmallRye Config, plus a directory holding the properties file.
    List<String> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("smallrye")) {
        classPath.add(entry);
      }
    }
    classPath.add(dir.toString());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(
        java, "-cp", String.join(File.pathSeparator, classPath), PrintAnswer.class.getName());
    pb.environment().keySet().removeIf(k -> k.startsWith("INFER4J_"));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child exits");

    assertNotEquals(0, p.exitValue(), out);
    assertTrue(out.contains("InvalidConfigurationException: infer4j.backend (not set)"), out);
    assertTrue(out.contains("META-INF/microprofile-config.properties ("), out);
    assertTrue(out.contains("was not read: no MicroProfile Config implementation"), out);
    assertTrue(out.contains("io.smallrye.config:smallrye-config"), out);
  }

  @Test
  void aNamedInstanceHasItsOwnTypeAndSettings() throws IOException {
    ClassLoader loader = loaderWithConfigFile(
        "infer4j.backend=second\ninfer4j.backends.second.type=beta\n");
    Config config = ConfigProviderResolver.instance().getBuilder()
        .forClassLoader(loader).addDefaultSources().build();
    try (InferenceClient client = InferenceClients.fromConfig(config)) {
      InferenceResponse r = client.generate(HI);
      assertEquals("second0 second1", r.text());
      assertEquals("second", r.backend());
      assertEquals("second", client.name());
    }
  }

  @Test
  void anUnknownBackendNamesTheKeyTheValueAndTheAvailableBackends() {
    InvalidConfigurationException e = assertThrows(
        InvalidConfigurationException.class,
        () -> InferenceClients.fromProperties(Map.of(
            "infer4j.backend", "nosuch", "infer4j.backends.sim.type", "alpha")));
    assertEquals("infer4j.backend", e.key());
    assertEquals("nosuch", e.value());
    String m = e.getMessage();
    assertTrue(m.contains("infer4j.backend=nosuch"), m);
    assertTrue(m.contains("alpha, beta"), m);
    assertTrue(m.contains("sim (type alpha)"), m);
  }

  @Test
  void anUnknownNameAskedForInCodeNamesTheTypeKeyThatWouldConfigureIt() {
    Config config = ConfigProviderResolver.instance().getBuilder()
        .withSources(new PropertiesConfigSource(Map.of("infer4j.backend", "alpha"), "test", 500))
        .build();

    InvalidConfigurationException e = assertThrows(
        InvalidConfigurationException.class, () -> InferenceClients.fromConfig(config, "critic"));

    // Not infer4j.backend: its value is alpha, and nothing else chose 'critic'.
    assertEquals("infer4j.backends.critic.type", e.key());
    assertEquals(null, e.value());
    assertTrue(e.getMessage().startsWith(
        "infer4j.backends.critic.type (not set): no backend named 'critic'; available backends: alpha, beta"),
        e.getMessage());
  }

  @Test
  void anUnknownTypeOfAConfiguredInstanceNamesItsTypeKey() {
    InvalidConfigurationException e = assertThrows(
        InvalidConfigurationException.class,
        () -> InferenceClients.fromProperties(Map.of(
            "infer4j.backend", "groq", "infer4j.backends.groq.type", "remote")));
    assertEquals("infer4j.backends.groq.type", e.key());
    assertEquals("remote", e.value());
    assertTrue(e.getMessage().contains("alpha, beta"), e.getMessage());
    assertTrue(e.getMessage().contains("'remote' is provided by io.infer4j:infer4j-backend-remote:"
        + " add that dependency"), e.getMessage());
  }

  @Test
  void anInfer4jBackendNotOnTheClassPathNamesItsArtifact() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.fromProperties(Map.of("infer4j.backend", "lpu")));

    assertTrue(e.getMessage().endsWith("'lpu' is provided by io.infer4j:infer4j-backend-lpu: add"
        + " that dependency (class path or module path)"), e.getMessage());
  }

  @Test
  void aMissingBackendKeySaysWhatToSet() {
    InvalidConfigurationException e = assertThrows(
        InvalidConfigurationException.class, () -> InferenceClients.fromProperties(Map.of()));
    assertEquals("infer4j.backend", e.key());
    assertTrue(e.getMessage().contains("not set"), e.getMessage());
    assertTrue(!e.getMessage().contains("misspelt"), e.getMessage());
  }

  @Test
  void aMissingBackendKeyNamesAMisspeltOne() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.fromProperties(Map.of("infer4j.bakend", "alpha")));

    assertEquals("infer4j.backend", e.key());
    assertTrue(e.getMessage().contains("; infer4j.bakend is set, which infer4j does not read:"
        + " misspelt?"), e.getMessage());
  }

  @Test
  void aMalformedSettingFailsAtStartNamingTheFullKey() {
    InvalidConfigurationException e = assertThrows(
        InvalidConfigurationException.class,
        () -> InferenceClients.fromProperties(Map.of(
            "infer4j.backend", "alpha", "infer4j.backends.alpha.per-token", "fast")));
    assertEquals("infer4j.backends.alpha.per-token", e.key());
    assertEquals("fast", e.value());
  }

  @Test
  void anInvalidInstanceNameIsRejected() {
    InvalidConfigurationException e = assertThrows(
        InvalidConfigurationException.class,
        () -> InferenceClients.fromProperties(Map.of("infer4j.backend", "a b")));
    assertTrue(e.getMessage().contains("not a valid backend name"), e.getMessage());
    assertEquals("infer4j.backend", e.key());

    InvalidConfigurationException byCode = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.fromConfig("a b"));
    assertEquals("backend name", byCode.key(), "no key holds a name given in code");
    assertTrue(byCode.getMessage().contains("'a b'"), byCode.getMessage());
  }

  @Test
  void plainJavaCreatesAProviderWithSettings() {
    try (InferenceClient client = InferenceClients.create("alpha", Map.of("per-token", "1ms"))) {
      assertEquals("alpha0 alpha1", client.generate(HI).text());
    }
    assertEquals(List.of("alpha", "beta", "router"), InferenceClients.availableProviders());
  }
}
