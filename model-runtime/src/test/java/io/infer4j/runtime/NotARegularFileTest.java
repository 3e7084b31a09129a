package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.ModelFormatException;
import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.SpecialFiles;
import io.infer4j.runtime.testing.TinyModel;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model, tokenizer or chat-template path that names a directory or a named pipe fails at once
 * with a typed error naming the path and what it is; nothing waits on a pipe for a writer.
 */
class NotARegularFileTest {
  /** Far above what a check takes; opening a pipe for reading blocks forever. */
  private static final Duration AT_ONCE = Duration.ofSeconds(5);

  @TempDir Path dir;

  private static ModelFormatException formatError(Executable load) {
    return assertTimeoutPreemptively(AT_ONCE, () -> assertThrows(ModelFormatException.class, load));
  }

  private static void assertSays(ModelFormatException e, Path path, String what) {
    assertEquals(path.toString(), e.source());
    assertTrue(e.getMessage().contains(path + ": " + what), e.getMessage());
  }

  @Test
  void aDirectoryAsTheModelSaysItIsADirectory() throws IOException {
    for (String name : new String[] {"model.gguf", "model.bin"}) {
      Path folder = Files.createDirectory(dir.resolve(name));
      assertSays(formatError(() -> LlamaModel.load(folder)), folder, "is a directory");
    }
  }

  @Test
  void aNamedPipeAsTheModelFailsAtOnceSayingItIsAPipe() {
    for (String name : new String[] {"model.gguf", "model.bin"}) {
      Path pipe = SpecialFiles.namedPipe(dir, name);
      assertSays(formatError(() -> LlamaModel.load(pipe)), pipe, "is a named pipe");
    }
  }

  @Test
  void aPipeOrADirectoryAsTheTokenizerOfACheckpointIsNamed() throws IOException {
    Path bin = TinyModel.random(1, true).writeLlama2c(dir, "m.bin");
    Path pipe = SpecialFiles.namedPipe(dir, "tok.bin");
    assertSays(formatError(() -> LlamaModel.load(bin, ModelOptions.defaults().withTokenizer(pipe))),
        pipe, "is a named pipe");
    Path folder = Files.createDirectory(dir.resolve("tokenizer"));
    assertSays(
        formatError(() -> LlamaModel.load(bin, ModelOptions.defaults().withTokenizer(folder))),
        folder, "is a directory");
  }

  @Test
  void aPipeGivenToTheTokenizerReadersIsNamed() {
    Path pipe = SpecialFiles.namedPipe(dir, "vocab.gguf");
    assertSays(formatError(() -> Tokenizers.fromGguf(pipe)), pipe, "is a named pipe");
    assertSays(formatError(() -> Tokenizers.fromLlama2c(pipe, 40)), pipe, "is a named pipe");
  }

  @Test
  void aPipeOrADirectoryAsTheChatTemplateFileNamesTheKeyAndWhatItIs() throws IOException {
    Path pipe = SpecialFiles.namedPipe(dir, "template.jinja");
    Path folder = Files.createDirectory(dir.resolve("templates"));
    for (Path p : new Path[] {pipe, folder}) {
      InvalidConfigurationException e = assertTimeoutPreemptively(AT_ONCE, () -> assertThrows(
          InvalidConfigurationException.class,
          () -> ChatTemplateChoice.parse("infer4j.backends.gpu.chat-template", p.toString())));
      assertEquals("infer4j.backends.gpu.chat-template", e.key());
      String what = p.equals(pipe) ? "is a named pipe" : "is a directory";
      assertTrue(e.problem().startsWith(p + " " + what), e.getMessage());
    }
  }

  @Test
  void aModelThisProcessMayNotReadSaysSo() throws IOException {
    Path gguf = TinyModel.random(1, true).writeGguf(dir, "locked.gguf", GgmlType.F32, 16);
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "no POSIX permissions on this file system; skipping");
    Files.setPosixFilePermissions(gguf, Set.of());
    assumeFalse(Files.isReadable(gguf), "this process may read any file (root); skipping");
    assertSays(formatError(() -> LlamaModel.load(gguf)), gguf, "cannot be read");
  }

  @Test
  void aRegularFileReachedThroughALinkLoads() throws IOException {
    Path gguf = TinyModel.random(1, true).writeGguf(dir, "real.gguf", GgmlType.F32, 16);
    Path link = Files.createSymbolicLink(dir.resolve("link.gguf"), gguf);
    try (LlamaModel m = LlamaModel.load(link)) {
      assertEquals(ModelFormat.GGUF, m.format());
    }
  }
}
