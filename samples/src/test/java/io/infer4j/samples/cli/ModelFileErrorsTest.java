package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.testing.TinyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate} on the in-process backends (and {@code plan}) with a model file that is wrong or
 * incomplete: the one error line says what is wrong in the command line's terms ({@code --tokenizer}, not a Java
 * option; a configuration key only where no flag sets it). A tiny llama2.c checkpoint in a
 * temporary folder stands in for stories260K.
 */
class ModelFileErrorsTest {
  @TempDir Path dir;

  private Path checkpoint() {
    return TinyModel.random(1, true).writeLlama2c(dir, "tiny.bin");
  }

  private static CliResult generate(String... flags) {
    String[] args = new String[flags.length + 5];
    args[0] = "generate";
    System.arraycopy(flags, 0, args, 1, flags.length);
    System.arraycopy(new String[] {"--prompt", "ab", "--max-tokens", "2"}, 0, args,
        flags.length + 1, 4);
    return Cli.run(args);
  }

  private static String oneErrorLine(CliResult r, ExitCode code) {
    assertEquals(code.code(), r.exitCode(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    assertEquals("", r.out(), r::toString);
    return r.errLines().get(0);
  }

  @Test
  void aCheckpointWithoutATokenizerNamesTheTokenizerFlag() {
    Path bin = checkpoint();
    for (String backend : new String[] {"gpu", "lpu"}) {
      String line = oneErrorLine(generate("--backend", backend, "--model", bin.toString()),
          ExitCode.INVALID_CONFIGURATION);
      assertTrue(line.startsWith("error: InvalidConfigurationException: --tokenizer (not set): the"
          + " llama2.c checkpoint " + bin + " needs the tokenizer file"), line);
      assertFalse(line.contains("ModelOptions"), line);
      assertFalse(line.contains("infer4j.backends"), line);
    }
  }

  @Test
  void planningACheckpointWithoutATokenizerNamesTheTokenizerFlagToo() {
    Path bin = checkpoint();
    String line = oneErrorLine(Cli.run("plan", "--model", bin.toString(), "--hardware", "lpu"),
        ExitCode.INVALID_CONFIGURATION);
    assertTrue(line.startsWith("error: InvalidConfigurationException: --tokenizer (not set): the"
        + " llama2.c checkpoint " + bin + " needs the tokenizer file"), line);
    assertFalse(line.contains("ModelOptions"), line);
  }

  @Test
  void aRouterMemberWithoutATokenizerNamesItsKeyWhichNoFlagSets() {
    Path config = Cli.configFile(dir,
        "infer4j.backend=router",
        "infer4j.router.backends=local",
        "infer4j.backends.local.type=gpu",
        "infer4j.backends.local.model=" + checkpoint());
    String line = oneErrorLine(generate("--config", config.toString()),
        ExitCode.INVALID_CONFIGURATION);
    assertTrue(line.contains("infer4j.backends.local.tokenizer (not set): the llama2.c checkpoint"),
        line);
    assertFalse(line.contains("--tokenizer"), line);
  }

  @Test
  void aTokenizerOfAnotherModelNextToTheCheckpointNamesItAndBothSizes() {
    Path bin = checkpoint();
    Path other = TinyModel.writeTokenizer(dir, "tokenizer.bin", 512);
    String line = oneErrorLine(generate("--backend", "gpu", "--model", bin.toString()),
        ExitCode.MODEL_FORMAT);
    assertTrue(line.startsWith("error: ModelFormatException: bad model file " + other + ": "),
        line);
    assertTrue(line.contains("holds 512 tokens but the model's vocabulary has 40"), line);
    assertTrue(line.contains("--tokenizer"), line);
  }

  @Test
  void aFileThatIsNoModelSaysSoFirst() throws IOException {
    Path readme = Files.writeString(dir.resolve("README.md"), "# infer4j\n\nA Java SDK.\n");
    String line = oneErrorLine(generate("--backend", "gpu", "--model", readme.toString()),
        ExitCode.MODEL_FORMAT);
    assertTrue(line.startsWith("error: ModelFormatException: bad model file " + readme
        + ": not a GGUF or llama2.c model file: "), line);
  }

  @Test
  void aBadValueGivenByAFlagIsNamedByTheFlag() {
    String line = oneErrorLine(generate("--backend", "nosuch"), ExitCode.INVALID_CONFIGURATION);
    assertTrue(line.startsWith("error: InvalidConfigurationException: --backend=nosuch: no backend"
        + " named 'nosuch'"), line);
  }
}
