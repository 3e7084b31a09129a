package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.runtime.testing.ChatTemplates;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateChoiceTest {
  private static final String KEY = "infer4j.backends.gpu.chat-template";

  @TempDir Path dir;

  private Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void aFormatsNameInAnyCaseChoosesItsPlainForm() {
    assertEquals(ChatTemplateChoice.of(ChatFormat.CHATML), ChatTemplateChoice.parse(KEY, "ChatML"));
    assertEquals(
        new ChatTemplateChoice(ChatFormat.LLAMA3, Optional.empty(), "llama3"),
        ChatTemplateChoice.parse(KEY, " llama3 "));
    assertEquals(ChatFormat.LLAMA2, ChatTemplateChoice.parse(KEY, "LLAMA2").format());
  }

  @Test
  void aTemplateFileIsRecognisedAsItsFamilyAndKeepsItsText() throws IOException {
    Path qwen = file("qwen2.jinja", ChatTemplates.QWEN2);
    ChatTemplateChoice chosen = ChatTemplateChoice.parse(KEY, qwen.toString());
    assertEquals(ChatFormat.CHATML, chosen.format());
    assertEquals(Optional.of(ChatTemplates.QWEN2), chosen.templateText());
    assertEquals(qwen.toString(), chosen.source());

    assertEquals(ChatFormat.LLAMA3,
        ChatTemplateChoice.parse(KEY, file("l3.jinja", ChatTemplates.LLAMA3).toString()).format());
    assertEquals(ChatFormat.LLAMA2,
        ChatTemplateChoice.parse(KEY, file("l2.jinja", ChatTemplates.LLAMA2).toString()).format());
  }

  @Test
  void anUnknownNameThatIsNoFileNamesTheKeyTheValueAndTheChoices() {
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> ChatTemplateChoice.parse(KEY, "vicuna"));
    assertEquals(KEY, e.key());
    assertEquals("vicuna", e.value());
    assertTrue(e.getMessage().contains("llama3, chatml, llama2"), e.getMessage());
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void aFileOfAnUnknownFamilyNamesTheFileAndTheKnownFamilies() throws IOException {
    Path mistral = file("mistral.jinja", ChatTemplates.MISTRAL);
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> ChatTemplateChoice.parse(KEY, mistral.toString()));
    assertEquals(KEY, e.key());
    assertTrue(e.getMessage().contains(mistral.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("known: llama3, chatml, llama2"), e.getMessage());
    assertTrue(e.getMessage().contains("it reads: {{ bos_token }}"), e.getMessage());
  }

  @Test
  void aDirectoryAnOversizedFileAndBinaryAreRefusedNamingTheFile() throws IOException {
    InvalidConfigurationException notFile = assertThrows(InvalidConfigurationException.class,
        () -> ChatTemplateChoice.parse(KEY, dir.toString()));
    assertTrue(notFile.getMessage().contains("not a regular file"), notFile.getMessage());

    Path big = dir.resolve("model.gguf");
    try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
      raf.setLength(ChatTemplateChoice.MAX_FILE_BYTES + 1); // sparse: no disk used
    }
    InvalidConfigurationException tooBig = assertThrows(InvalidConfigurationException.class,
        () -> ChatTemplateChoice.parse(KEY, big.toString()));
    assertTrue(tooBig.getMessage().contains("larger than any chat template"), tooBig.getMessage());

    Path binary = Files.write(dir.resolve("bytes.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    InvalidConfigurationException notText = assertThrows(InvalidConfigurationException.class,
        () -> ChatTemplateChoice.parse(KEY, binary.toString()));
    assertTrue(notText.getMessage().contains("not UTF-8 text"), notText.getMessage());
    assertTrue(notText.getMessage().contains(binary.toString()), notText.getMessage());
  }
}
