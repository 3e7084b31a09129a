package io.infer4j.gpu.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Looks for the CUDA driver library on disk, without loading it (loading native code needs
 * {@code --enable-native-access} and would print a warning otherwise): the directories of {@code
 * LD_LIBRARY_PATH}, then the usual system library directories.
 */
public final class CudaDriverProbe {
  /** The driver's file name on Linux. */
  static final String LIBRARY = "libcuda.so.1";

  private static final List<String> SYSTEM_DIRS = List.of(
      "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/cuda/lib64",
      "/usr/lib/wsl/lib", "/usr/lib/aarch64-linux-gnu");

  private CudaDriverProbe() {}

  /** Where the driver library is, if anywhere this probe looks. */
  public static Optional<Path> find() {
    List<String> dirs = new ArrayList<>();
    String env = System.getenv("LD_LIBRARY_PATH");
    if (env != null) {
      for (String d : env.split(File.pathSeparator)) {
        if (!d.isBlank()) {
          dirs.add(d);
        }
      }
    }
    dirs.addAll(SYSTEM_DIRS);
    return dirs.stream().map(d -> Path.of(d, LIBRARY)).filter(Files::exists).findFirst();
  }
}
