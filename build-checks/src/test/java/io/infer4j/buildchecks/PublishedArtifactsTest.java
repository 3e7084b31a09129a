package io.infer4j.buildchecks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * After the release profile's package phase: every published jar module has its main, sources and
 * javadoc jars, each with LICENSE and NOTICE in META-INF; the sources jar has module-info.java and
 * the javadoc jar an index page and no internal package. (Each published pom's Central metadata is
 * checked by the publish-metadata enforcer execution of base/pom.xml.) Run only by the release
 * profile (build-checks/pom.xml), since the default build makes no javadoc jars.
 */
class PublishedArtifactsTest {

  private static final Path ROOT = Path.of(System.getProperty("infer4j.root", ".."));
  private static final String VERSION = System.getProperty("infer4j.version", "");

  @Test
  void everyPublishedModuleHasItsThreeJarsWithLicenseAndNotice() throws IOException {
    List<String> problems = new ArrayList<>();
    for (PublishedModule module : PublishedModule.all()) {
      String base = "infer4j-" + module.artifact() + "-" + VERSION;
      Path target = ROOT.resolve(module.artifact()).resolve("target");
      for (String classifier : List.of("", "-sources", "-javadoc")) {
        Path jar = target.resolve(base + classifier + ".jar");
        if (!Files.isRegularFile(jar)) {
          problems.add(jar + ": missing");
          continue;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
          for (String entry : List.of("META-INF/LICENSE", "META-INF/NOTICE")) {
            if (zip.getEntry(entry) == null) {
              problems.add(jar.getFileName() + ": no " + entry);
            }
          }
          if (classifier.equals("-sources") && zip.getEntry("module-info.java") == null) {
            problems.add(jar.getFileName() + ": no module-info.java");
          }
          if (classifier.equals("-javadoc")) {
            if (zip.getEntry("index.html") == null) {
              problems.add(jar.getFileName() + ": no index.html");
            }
            zip.stream().map(e -> e.getName())
                .filter(n -> n.contains("/internal/") && n.endsWith("package-summary.html"))
                .forEach(n -> problems.add("javadoc of an internal package: " + n));
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }
}
