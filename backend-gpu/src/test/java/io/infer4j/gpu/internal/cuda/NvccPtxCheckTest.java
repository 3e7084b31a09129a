package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The build check of issue 5: every {@code src/main/cuda/*.cu} compiles with {@code nvcc -ptx}
 * (one architecture, sm_90, with the same options NVRTC gets at run time), and the PTX defines
 * exactly the kernels {@link CudaKernels#KERNELS} lists. Skipped with a message when {@code nvcc}
 * is not on the PATH (nor at /usr/local/cuda/bin).
 */
class NvccPtxCheckTest {
  static final Path SOURCES = Path.of("src/main/cuda");
  static final Path OUT = Path.of("target/ptx-check");

  static Path nvcc() {
    String path = System.getenv("PATH");
    List<Path> dirs = new ArrayList<>();
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        dirs.add(Path.of(d));
      }
    }
    dirs.add(Path.of("/usr/local/cuda/bin"));
    return dirs.stream().map(d -> d.resolve("nvcc")).filter(Files::isExecutable).findFirst()
        .orElse(null);
  }

  @Test
  void everyKernelSourceCompilesToPtxAndDefinesTheListedKernels() throws Exception {
    Path nvcc = nvcc();
    assumeTrue(nvcc != null, "nvcc is not on the PATH: the nvcc -ptx check of src/main/cuda is"
        + " skipped");
    Files.createDirectories(OUT);
    List<Path> sources;
    try (var s = Files.list(SOURCES)) {
      sources = s.filter(p -> p.toString().endsWith(".cu")).sorted().toList();
    }
    assertEquals(CudaKernels.KERNELS.keySet(),
        sources.stream().map(p -> p.getFileName().toString())
            .collect(java.util.stream.Collectors.toSet()),
        "every .cu file is listed in CudaKernels.KERNELS and nothing else");
    for (Path cu : sources) {
      String file = cu.getFileName().toString();
      Path ptx = OUT.resolve(file.replace(".cu", ".ptx"));
      Path log = OUT.resolve(file.replace(".cu", ".log"));
      List<String> cmd = new ArrayList<>(List.of(nvcc.toString(), "-ptx", "-arch=sm_90",
          "-I", SOURCES.toString(), "-o", ptx.toString()));
      cmd.addAll(CudaKernels.OPTIONS.stream().map(o -> o.replace("--std=", "-std=")).toList());
      cmd.add(cu.toString());
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
          .start();
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvcc timed out on " + file);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), "nvcc -ptx " + file + " failed:\n" + output);
      assertEquals(CudaKernels.KERNELS.get(file), entries(ptx), "kernels defined by " + file);
    }
  }

  /** The {@code .entry} names of a PTX file, in order. */
  static List<String> entries(Path ptx) throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(ptx)) {
      String t = line.trim();
      if (t.startsWith(".visible .entry ")) {
        String rest = t.substring(".visible .entry ".length());
        names.add(rest.substring(0, rest.indexOf('(')).trim());
      }
    }
    return names;
  }

  @Test
  void theCheckCoversTheSameFilesTheJarShips() {
    for (Map.Entry<String, List<String>> e : CudaKernels.KERNELS.entrySet()) {
      assertTrue(Files.exists(SOURCES.resolve(e.getKey())), e.getKey());
      assertTrue(CudaKernels.source(e.getKey()).contains("#include \"common.cuh\""), e.getKey());
    }
  }
}
