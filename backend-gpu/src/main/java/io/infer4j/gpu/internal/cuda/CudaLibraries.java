package io.infer4j.gpu.internal.cuda;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the CUDA driver ({@code libcuda}), NVRTC ({@code libnvrtc}) and cuBLAS ({@code
 * libcublas}, optional: the tensor-core prompt path) libraries may be: first the
 * bare names, which the dynamic loader resolves through {@code LD_LIBRARY_PATH} and the system's
 * cache, then versioned files in the usual directories. Pure lookups of names and files; loading
 * happens in {@link CudaNative}.
 */
final class CudaLibraries {
  /** The driver's sonames, most specific first. */
  static final List<String> DRIVER_NAMES = List.of("libcuda.so.1", "libcuda.so");

  /** NVRTC sonames of the releases this code knows, newest first. */
  static final List<String> NVRTC_NAMES = List.of(
      "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so");

  /** cuBLAS sonames of the releases this code knows, newest first. */
  static final List<String> CUBLAS_NAMES = List.of(
      "libcublas.so.13", "libcublas.so.12", "libcublas.so");

  /** Directories searched for versioned files when the bare names do not resolve. */
  static final List<String> SYSTEM_DIRS = List.of(
      "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/lib/wsl/lib",
      "/usr/lib/aarch64-linux-gnu", "/usr/local/cuda/lib64");

  private CudaLibraries() {}

  /** Candidates for the driver: its sonames, then matching files in the search directories. */
  public static List<String> driverCandidates() {
    return candidates(DRIVER_NAMES, "libcuda.so");
  }

  /** Candidates for NVRTC: its sonames, then {@code libnvrtc.so*} files in the directories. */
  public static List<String> nvrtcCandidates() {
    return candidates(NVRTC_NAMES, "libnvrtc.so");
  }

  /**
   * Candidates for cuBLAS: the file named by system property {@value #CUBLAS_PROPERTY} if set,
   * its sonames, then {@code libcublas.so*} files in the directories.
   */
  public static List<String> cublasCandidates() {
    String explicit = System.getProperty(CUBLAS_PROPERTY);
    List<String> found = candidates(CUBLAS_NAMES, "libcublas.so");
    if (explicit == null || explicit.isBlank()) {
      return found;
    }
    List<String> out = new ArrayList<>(List.of(explicit));
    out.addAll(found);
    return List.copyOf(out);
  }

  /** System property naming the cuBLAS library file to load first. */
  public static final String CUBLAS_PROPERTY = "infer4j.gpu.cublas";

  private static List<String> candidates(List<String> names, String filePrefix) {
    Set<String> out = new LinkedHashSet<>(names);
    for (Path dir : searchDirs()) {
      out.addAll(filesStartingWith(dir, filePrefix));
    }
    return List.copyOf(out);
  }

  /** {@code LD_LIBRARY_PATH}'s directories, the system ones, and every {@code /usr/local/cuda*}. */
  static List<Path> searchDirs() {
    List<Path> dirs = new ArrayList<>();
    String env = System.getenv("LD_LIBRARY_PATH");
    if (env != null) {
      for (String d : env.split(File.pathSeparator)) {
        if (!d.isBlank()) {
          dirs.add(Path.of(d));
        }
      }
    }
    SYSTEM_DIRS.forEach(d -> dirs.add(Path.of(d)));
    try (DirectoryStream<Path> local = Files.newDirectoryStream(Path.of("/usr/local"), "cuda*")) {
      for (Path p : local) {
        dirs.add(p.resolve("lib64"));
        dirs.add(p.resolve("lib"));
      }
    } catch (IOException | SecurityException e) {
      // no /usr/local/cuda*: nothing to add
    }
    return dirs;
  }

  /**
   * Files in {@code dir} named {@code prefix} or {@code prefix.<version>}, longest (most
   * versioned) name first; empty when the directory does not exist.
   */
  static List<String> filesStartingWith(Path dir, String prefix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*")) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        if (name.equals(prefix) || name.startsWith(prefix + ".")) {
          found.add(p.toString());
        }
      }
    } catch (IOException | SecurityException e) {
      return List.of();
    }
    found.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.reverseOrder()));
    return found;
  }
}
