package io.infer4j.gpu.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaLibrariesTest {

  @Test
  void theSonamesComeFirst() {
    assertEquals("libcuda.so.1", CudaLibraries.driverCandidates().getFirst());
    assertEquals("libnvrtc.so.13", CudaLibraries.nvrtcCandidates().getFirst());
    assertTrue(CudaLibraries.nvrtcCandidates().contains("libnvrtc.so.12"));
  }

  @Test
  void versionedFilesInADirectoryAreFoundMostSpecificFirst(@TempDir Path dir) throws Exception {
    for (String f : List.of("libnvrtc.so", "libnvrtc.so.12", "libnvrtc.so.12.4.127",
        "libnvrtc-builtins.so.12", "libnvrtcx.so")) {
      Files.createFile(dir.resolve(f));
    }
    List<String> found = CudaLibraries.filesStartingWith(dir, "libnvrtc.so");
    assertEquals(List.of(dir.resolve("libnvrtc.so.12.4.127").toString(),
        dir.resolve("libnvrtc.so.12").toString(), dir.resolve("libnvrtc.so").toString()), found);
    assertEquals(List.of(), CudaLibraries.filesStartingWith(dir.resolve("absent"), "libcuda.so"));
  }
}
