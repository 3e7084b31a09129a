package io.infer4j.buildchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What the module descriptors promise, checked on the built classes: every published module is a
 * named module that exports only API packages, a package named {@code internal} is exported to no
 * one but the sibling modules listed here (a new entry is a deliberate change of this test), and
 * no class of one module names a class in another module's {@code internal} package unless that
 * package is exported to it. The command line (samples, on the class path, where the module system
 * enforces nothing) may use no other module's {@code internal} package at all.
 */
class ModuleBoundariesTest {

  /** The qualified exports of internal packages, each with the reason it exists. */
  private static final Map<String, Set<String>> SIBLING_EXPORTS = Map.of(
      // The GPU backend is a second engine over the runtime's model files and CPU kernels.
      "io.infer4j.runtime.internal.gguf", Set.of("io.infer4j.gpu"),
      "io.infer4j.runtime.internal.io", Set.of("io.infer4j.gpu"),
      "io.infer4j.runtime.internal.kernels", Set.of("io.infer4j.gpu"),
      "io.infer4j.runtime.internal.llama2c", Set.of("io.infer4j.gpu"),
      "io.infer4j.runtime.internal.model", Set.of("io.infer4j.gpu"),
      "io.infer4j.runtime.internal.tensor", Set.of("io.infer4j.gpu"),
      // The health checks observe the clients the CDI module creates.
      "io.infer4j.cdi.internal", Set.of("io.infer4j.health"));

  @Test
  void everyPublishedModuleIsNamedAndExportsNoInternalPackageToTheWorld() {
    Map<String, Set<String>> qualifiedInternal = new TreeMap<>();
    for (PublishedModule m : PublishedModule.all()) {
      assertNotNull(m.descriptor(), m.artifact() + " has no module-info.class in " + m.root());
      for (ModuleDescriptor.Exports e : m.descriptor().exports()) {
        boolean internal = e.source().contains(".internal");
        assertTrue(!internal || e.isQualified(),
            m + " exports its internal package " + e.source() + " to every module");
        if (internal) {
          qualifiedInternal.put(e.source(), new TreeSet<>(e.targets()));
        }
      }
    }
    Map<String, Set<String>> expected = new TreeMap<>();
    SIBLING_EXPORTS.forEach((p, t) -> expected.put(p, new TreeSet<>(t)));
    assertEquals(expected, qualifiedInternal,
        "internal packages exported to siblings changed: update SIBLING_EXPORTS with the reason");
  }

  @Test
  void noClassUsesAnotherModulesInternalPackageUnlessItIsExportedToIt() {
    List<PublishedModule> modules = new ArrayList<>(PublishedModule.all());
    modules.add(PublishedModule.commandLine());
    Map<String, PublishedModule> ownerOfPackage = new HashMap<>();
    for (PublishedModule m : modules) {
      for (String p : m.packages()) {
        PublishedModule before = ownerOfPackage.put(p, m);
        assertTrue(before == null, "package " + p + " is in both " + before + " and " + m);
      }
    }
    List<String> violations = new ArrayList<>();
    int classes = 0;
    for (PublishedModule m : modules) {
      for (Map.Entry<String, byte[]> c : m.classFiles().entrySet()) {
        if (c.getKey().endsWith("module-info")) {
          continue;
        }
        classes++;
        for (String ref : ClassReferences.of(c.getValue())) {
          String p = ClassReferences.packageOf(ref);
          PublishedModule owner = ownerOfPackage.get(p);
          if (owner == null || owner == m || !p.contains(".internal")) {
            continue;
          }
          if (!exportedTo(owner, p, m)) {
            violations.add(c.getKey() + " (" + m.artifact() + ") -> " + ref + " (" + owner.artifact() + ")");
          }
        }
      }
    }
    assertTrue(classes > 500, "read only " + classes + " classes: are the modules built?");
    assertEquals(List.of(), violations, "classes that use another module's internal package");
  }

  private static boolean exportedTo(PublishedModule owner, String pkg, PublishedModule user) {
    if (owner.descriptor() == null || user.descriptor() == null) {
      return false;
    }
    return owner.descriptor().exports().stream()
        .anyMatch(e -> e.source().equals(pkg)
            && (!e.isQualified() || e.targets().contains(user.descriptor().name())));
  }
}
