package io.infer4j.runtime;

import io.infer4j.InvalidConfigurationException;
import io.infer4j.runtime.internal.chat.TemplateRecognizer;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat template chosen by configuration instead of the one the model file carries (or lacks):
 * one of the {@link ChatFormat}s by name, or a file holding a Jinja chat template (the text of a
 * GGUF {@code tokenizer.chat_template} or of the {@code chat_template} in a {@code
 * tokenizer_config.json}) that is recognised as one of those families by its markers, as {@link
 * ChatTemplate#forModel(LlamaModel)} recognises a file's own. No Jinja is run. Applied with
 * {@link ChatTemplate#forModel(LlamaModel, ChatTemplateChoice)}.
 *
 * @param format the family
 * @param templateText the Jinja text when chosen by file (a ChatML template's default system
 *     message is kept), else empty
 * @param source what was chosen, for messages: the format's name or the file
 */
public record ChatTemplateChoice(
    ChatFormat format, Optional<String> templateText, String source) {

  /**
   * Largest template file read, in bytes. Published templates are a few kB (Qwen2.5's, with tool
   * calling, about 2.5 kB); anything near this limit is another file given by mistake.
   */
  public static final long MAX_FILE_BYTES = 1 << 20;

  /**
   * Checks the components.
   *
   * @throws NullPointerException if a component is null
   */
  public ChatTemplateChoice {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(templateText, "templateText");
    Objects.requireNonNull(source, "source");
  }

  /**
   * {@return the plain form of {@code format} (ChatML without a default system message)}
   *
   * @param format the chat format; its id becomes the {@code source}
   */
  public static ChatTemplateChoice of(ChatFormat format) {
    return new ChatTemplateChoice(format, Optional.empty(), format.id());
  }

  /**
   * Reads a configured value: a format's name ({@code llama3}, {@code chatml}, {@code llama2}; any
   * case), else the path of a template file. A name wins over a file of the same name ({@code
   * ./chatml} is the file).
   *
   * @param key the full configuration key, for errors
   * @param value the configured format name or template file path
   * @return the choice; {@code source} is the file path for a template file
   * @throws InvalidConfigurationException naming {@code key} and {@code value}: with the choices
   *     when the value is neither a name nor an existing file; with the known families when the
   *     file's template is of none of them; when the file is not a regular file (saying what it
   *     is: a directory, a named pipe, ...), cannot be read, is larger than {@link
   *     #MAX_FILE_BYTES} or is not UTF-8 text
   */
  public static ChatTemplateChoice parse(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    String name = value.strip().toLowerCase(Locale.ROOT);
    for (ChatFormat f : ChatFormat.values()) {
      if (f.id().equals(name)) {
        return of(f);
      }
    }
    Path file = existingFile(key, value);
    String text = read(key, value, file);
    ChatFormat format = TemplateRecognizer.recognize(text)
        .orElseThrow(() -> new InvalidConfigurationException(key, value,
            "the chat template in " + file + " is of no family this runtime knows (known: "
                + String.join(", ", names()) + "); it reads: "
                + TemplateRecognizer.excerpt(text, 120)));
    return new ChatTemplateChoice(format, Optional.of(text), file.toString());
  }

  private static Path existingFile(String key, String value) {
    Path file;
    try {
      file = Path.of(value.strip());
    } catch (InvalidPathException e) {
      file = null;
    }
    if (value.isBlank() || file == null || !Files.exists(file)) {
      throw new InvalidConfigurationException(key, value, "expected "
          + String.join(", ", names()) + " or the path of a file holding a Jinja chat template;"
          + " there is no such file");
    }
    Optional<String> kind;
    try {
      kind = RegularFile.notRegular(file); // before reading: reading a named pipe would block
    } catch (IOException e) {
      throw new InvalidConfigurationException(key, value, "cannot read " + file + ": " + e, e);
    }
    if (kind.isPresent()) {
      throw new InvalidConfigurationException(key, value, file + " " + kind.get()
          + ", not a regular file; expected a file holding a Jinja chat template");
    }
    return file;
  }

  private static String read(String key, String value, Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new InvalidConfigurationException(key, value, file + " is " + size
            + " bytes, larger than any chat template (at most " + MAX_FILE_BYTES
            + " read); is it the model file?");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new InvalidConfigurationException(key, value,
          file + " is not UTF-8 text; expected a file holding a Jinja chat template", e);
    } catch (IOException e) {
      throw new InvalidConfigurationException(key, value, "cannot read " + file + ": " + e, e);
    }
  }

  /** The choices by name, in {@link ChatFormat} order. */
  static List<String> names() {
    List<String> names = new ArrayList<>();
    for (ChatFormat f : ChatFormat.values()) {
      names.add(f.id());
    }
    return names;
  }
}
