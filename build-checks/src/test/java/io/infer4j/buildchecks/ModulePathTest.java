package io.infer4j.buildchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Java 17 modules as an application would use them, on the module path and on the class path:
 * a client of the test kit's "fake" backend created through configuration (the API module finds the
 * provider with ServiceLoader) answers a request, and on the module path the API's internal
 * packages stay closed; the CDI and health modules resolve with the container APIs and share only
 * the client registry. The modules and their dependencies are the jars or folders of this test's
 * class path, loaded again in a layer (module path) or a class loader (class path) of their own.
 */
class ModulePathTest {

  /** Everything the API, the test kit and the remote backend need (from this test's class path). */
  private static final List<String> NEEDED = List.of(
      "sdk-api", "sdk-testing", "backend-remote", "opentelemetry", "jackson-", "json-schema-validator",
      "itu-", "microprofile-config-api", "junit-jupiter-api", "junit-platform-commons",
      "opentest4j", "apiguardian", "okhttp-jvm", "okhttp-sse", "okio-jvm", "kotlin-stdlib",
      "annotations-", "opentelemetry-api", "opentelemetry-context", "opentelemetry-common",
      "slf4j-api", "sdk-cdi", "sdk-health", "jakarta.", "microprofile-health-api",
      "smallrye-health-api");

  @Test
  void onTheModulePathTheFakeBackendAnswersAndTheInternalsStayClosed() throws Exception {
    List<Path> path = neededEntries();
    ModuleFinder finder = ModuleFinder.of(path.toArray(Path[]::new));
    ModuleLayer boot = ModuleLayer.boot();
    // Only the API is asked for, as an application's "requires io.infer4j.api" would: the
    // backends and the listener come in by service binding (they provide what the API uses).
    Configuration cf = boot.configuration().resolveAndBind(finder, ModuleFinder.of(),
        Set.of("io.infer4j.api"));
    ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    Module api = layer.findModule("io.infer4j.api").orElseThrow();
    assertTrue(api.getDescriptor() != null && !api.getDescriptor().isAutomatic(), "io.infer4j.api is a named module");
    assertTrue(api.isExported("io.infer4j"));
    assertTrue(api.isExported("io.infer4j.spi"));
    assertFalse(api.isExported("io.infer4j.internal"), "io.infer4j.internal is exported");
    assertFalse(api.isExported("io.infer4j.internal.router"));
    for (String bound : List.of("io.infer4j.testing", "io.infer4j.remote", "io.infer4j.opentelemetry")) {
      assertTrue(layer.findModule(bound).isPresent(), bound + " was not bound as a provider");
    }
    ClassLoader loader = layer.findLoader("io.infer4j.api");

    List<String> providers = availableProviders(loader);
    assertTrue(providers.containsAll(List.of("fake", "record", "replay", "router", "remote")),
        "providers found through the module descriptors: " + providers);
    assertEquals("hello from the module path", answer(loader, "hello from the module path"));
  }

  @Test
  void theCdiAndHealthModulesResolveWithTheirContainerApisAndShareOnlyTheRegistry() throws Exception {
    ModuleFinder finder = ModuleFinder.of(neededEntries().toArray(Path[]::new));
    ModuleLayer boot = ModuleLayer.boot();
    Configuration cf = boot.configuration().resolve(finder, ModuleFinder.of(),
        Set.of("io.infer4j.cdi", "io.infer4j.health"));
    ModuleLayer layer = boot.defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    Module cdi = layer.findModule("io.infer4j.cdi").orElseThrow();
    Module health = layer.findModule("io.infer4j.health").orElseThrow();
    assertTrue(cdi.isExported("io.infer4j.cdi"));
    // Compiled code of other modules sees the registry only from the health module ...
    assertEquals(Set.of(Set.of("io.infer4j.health")), cdi.getDescriptor().exports().stream()
        .filter(e -> e.source().equals("io.infer4j.cdi.internal"))
        .map(e -> e.targets()).collect(java.util.stream.Collectors.toSet()));
    assertTrue(cdi.isExported("io.infer4j.cdi.internal", health));
    assertTrue(health.isExported("io.infer4j.health"));
    assertTrue(health.getDescriptor().exports().stream()
        .noneMatch(e -> e.source().equals("io.infer4j.health.internal")));
    // ... while the container reads the beans reflectively: their packages are open.
    assertTrue(cdi.isOpen("io.infer4j.cdi.internal"));
    Class<?> qualifier = layer.findLoader("io.infer4j.cdi").loadClass("io.infer4j.cdi.Backend");
    assertEquals(cdi, qualifier.getModule());
    assertTrue(qualifier.isAnnotation());
  }

  @Test
  void onTheClassPathTheSameJarsWorkAsBefore() throws Exception {
    List<Path> path = neededEntries();
    URL[] urls = new URL[path.size()];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = path.get(i).toUri().toURL();
    }
    try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      Class<?> clients = loader.loadClass("io.infer4j.InferenceClients");
      assertFalse(clients.getModule().isNamed(), "on the class path the API is in the unnamed module");
      assertTrue(availableProviders(loader).containsAll(List.of("fake", "router", "remote")));
      assertEquals("hello from the class path", answer(loader, "hello from the class path"));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> availableProviders(ClassLoader loader) throws Exception {
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    try {
      return (List<String>) loader.loadClass("io.infer4j.InferenceClients")
          .getMethod("availableProviders").invoke(null);
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }

  /** A "fake" client configured to reply {@code text}, asked one question; its answer. */
  private static String answer(ClassLoader loader, String text) throws Exception {
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(loader);
    try {
      Class<?> clients = loader.loadClass("io.infer4j.InferenceClients");
      Object client = clients.getMethod("create", String.class, Map.class)
          .invoke(null, "fake", Map.of("reply", text));
      Class<?> requestType = loader.loadClass("io.infer4j.InferenceRequest");
      Object builder = requestType.getMethod("builder").invoke(null);
      builder = builder.getClass().getMethod("prompt", String.class).invoke(builder, "Say hello");
      Object request = builder.getClass().getMethod("build").invoke(builder);
      Class<?> clientType = loader.loadClass("io.infer4j.InferenceClient");
      Object response = clientType.getMethod("generate", requestType).invoke(client, request);
      Method close = clientType.getMethod("close");
      close.invoke(client);
      return (String) response.getClass().getMethod("text").invoke(response);
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }

  private static List<Path> neededEntries() {
    List<Path> out = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String where = p.toString().replace('\\', '/');
      boolean ours = NEEDED.stream().anyMatch(n -> where.contains("/" + n) || where.contains("/infer4j-" + n)
          || where.contains(n + "/target/classes"));
      if (ours && !where.contains("test-classes") && !where.contains("-tests.jar")) {
        out.add(p);
      }
    }
    assertTrue(out.size() >= 10, "class path entries for the module path: " + out);
    return out;
  }
}
