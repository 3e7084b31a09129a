package io.infer4j.buildchecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One module of this build as built: its artifact id, where its classes are (a {@code
 * target/classes} folder or a jar) and, for a named module, its descriptor.
 */
record PublishedModule(String artifact, Path root, ModuleDescriptor descriptor) {

  /** The published modules, each found through one of its classes on this test's class path. */
  static List<PublishedModule> all() {
    return List.of(
        of("sdk-api", "io.infer4j.InferenceClient"),
        of("sdk-testing", "io.infer4j.testing.FakeBackend"),
        of("sdk-cdi", "io.infer4j.cdi.Backend"),
        of("sdk-health", "io.infer4j.health.InferenceHealthChecks"),
        of("model-runtime", "io.infer4j.runtime.LlamaModel"),
        of("backend-lpu", "io.infer4j.lpu.LpuPlanner"),
        of("backend-gpu", "io.infer4j.gpu.GpuHardware"),
        of("backend-remote", "io.infer4j.remote.RemoteBackend"),
        of("opentelemetry", "io.infer4j.opentelemetry.InferenceTelemetry"));
  }

  /** The command line (samples): unpublished, on the class path, held to the same boundaries. */
  static PublishedModule commandLine() {
    return of("samples", "io.infer4j.samples.cli.Infer4jCommand");
  }

  static PublishedModule of(String artifact, String someClass) {
    Path root;
    try {
      root = Path.of(Class.forName(someClass, false, PublishedModule.class.getClassLoader())
          .getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (ClassNotFoundException | URISyntaxException e) {
      throw new IllegalStateException(artifact + ": cannot find " + someClass, e);
    }
    ModuleDescriptor descriptor = ModuleFinder.of(root).findAll().stream()
        .map(ModuleReference::descriptor)
        .filter(d -> !d.isAutomatic())
        .findFirst().orElse(null);
    return new PublishedModule(artifact, root, descriptor);
  }

  /** Every class file's bytes, by binary name with '/' ({@code io/infer4j/Foo$Bar}). */
  Map<String, byte[]> classFiles() {
    try {
      if (Files.isDirectory(root)) {
        return read(root);
      }
      try (FileSystem jar = FileSystems.newFileSystem(root)) {
        return read(jar.getPath("/"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The packages that hold at least one class, with '.' ({@code io.infer4j.spi}). */
  Set<String> packages() {
    Set<String> out = new java.util.TreeSet<>();
    for (String name : classFiles().keySet()) {
      int slash = name.lastIndexOf('/');
      if (slash > 0 && !name.endsWith("module-info")) {
        out.add(name.substring(0, slash).replace('/', '.'));
      }
    }
    return out;
  }

  private static Map<String, byte[]> read(Path base) throws IOException {
    Map<String, byte[]> out = new java.util.TreeMap<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(base)) {
      all.filter(p -> p.toString().endsWith(".class")).forEach(files::add);
    }
    for (Path p : files) {
      String rel = base.relativize(p).toString().replace('\\', '/');
      if (rel.startsWith("META-INF/")) {
        continue; // multi-release copies
      }
      out.put(rel.substring(0, rel.length() - ".class".length()), Files.readAllBytes(p));
    }
    return out;
  }

  @Override
  public String toString() {
    return artifact + (descriptor == null ? " (unnamed)" : " (module " + descriptor.name() + ")");
  }
}
