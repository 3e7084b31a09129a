package io.infer4j.runtime;

import io.infer4j.ChatMessage;
import io.infer4j.InvalidRequestException;
import io.infer4j.ModelFormatException;
import io.infer4j.ToolDefinition;
import io.infer4j.runtime.internal.chat.ChatMlRenderer;
import io.infer4j.runtime.internal.chat.ChatRenderer;
import io.infer4j.runtime.internal.chat.Llama2Renderer;
import io.infer4j.runtime.internal.chat.Llama3Renderer;
import io.infer4j.runtime.internal.chat.TemplateRecognizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a conversation into a model's prompt in the format the model was trained on (one of
 * {@link ChatFormat}), and says which tokens end the assistant's turn.
 *
 * <pre>{@code
 * ChatTemplate chat = ChatTemplate.forModel(model);
 * int[] prompt = chat.encode(List.of(ChatMessage.user("Hi")), true);
 * Generator gen = Generator.completion(model, prompt, sampler, 100, chat.stopTokenIds());
 * }</pre>
 *
 * <p>The format is recognised from the model's Jinja template ({@code tokenizer.chat_template}) by
 * its markers; the template is not executed, so templates with extra logic are rendered in their
 * family's plain form, and tools in the family's reference form (Llama 3.1's, Qwen2.5's; see
 * {@link #render(List, List, boolean)}). The special tokens the format needs must be special
 * tokens of the model's vocabulary. A template can also be chosen for a model ({@link
 * #forModel(LlamaModel, ChatTemplateChoice)}), for files without one.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChatTemplate {
  private final ChatFormat format;
  private final ChatRenderer renderer;
  private final Tokenizer tokenizer;
  private final Set<Integer> stopTokenIds;

  private ChatTemplate(
      ChatFormat format, ChatRenderer renderer, Tokenizer tokenizer, Set<Integer> stops) {
    this.format = format;
    this.renderer = renderer;
    this.tokenizer = tokenizer;
    this.stopTokenIds = Collections.unmodifiableSet(new TreeSet<>(stops));
  }

  /**
   * {@return the template of {@code model}, recognised from its {@code tokenizer.chat_template}}
   *
   * @param model the loaded model
   * @throws InvalidRequestException naming {@code messages} if the model has no chat template
   *     (llama2.c checkpoints, base models) or one of a family this runtime does not know; the
   *     message names the model file and the known families
   * @throws ModelFormatException if the template's special tokens are not special tokens of the
   *     model's vocabulary
   */
  public static ChatTemplate forModel(LlamaModel model) {
    Objects.requireNonNull(model, "model");
    String source = model.path().toString();
    String template =
        model
            .chatTemplateText()
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "messages",
                        "model "
                            + source
                            + " has no chat template (no tokenizer.chat_template in its"
                            + " metadata), so it cannot take chat messages; choose a template"
                            + " with the backend's chat-template key (llama3, chatml, llama2 or a"
                            + " template file), or send a raw prompt"));
    return fromTemplate(template, model.tokenizer(), source);
  }

  /**
   * The template whose Jinja text is {@code template}, over {@code tokenizer}.
   *
   * @param source the model file, for messages
   * @throws InvalidRequestException naming {@code messages} if the format is not recognised
   * @throws ModelFormatException if the format's special tokens are missing from the vocabulary
   */
  static ChatTemplate fromTemplate(String template, Tokenizer tokenizer, String source) {
    ChatFormat format =
        TemplateRecognizer.recognize(template)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "messages",
                        "the chat template of "
                            + source
                            + " is of no family this runtime knows (known: "
                            + knownFormats()
                            + "); it reads: "
                            + TemplateRecognizer.excerpt(template, 120)));
    ChatRenderer renderer =
        format == ChatFormat.CHATML ? ChatMlRenderer.forTemplate(template) : null;
    return build(format, renderer, tokenizer, source, true);
  }

  /**
   * {@return the template {@code choice} names, for {@code model} (whatever template its file carries)}
   * Unlike a file's own template, a chosen one tolerates a vocabulary without its markers: a
   * marker that is not a special token of the vocabulary ({@code <|im_start|>} in a Llama 2
   * vocabulary, or in the 512-token vocabulary of the TinyStories models) is written as plain
   * text, and an end-of-turn marker written so does not stop the answer (EOS still does), as
   * llama.cpp's {@code --chat-template} does. The BOS and EOS that Llama 2's format writes must
   * still be special tokens.
   *
   * @param model the loaded model whose vocabulary the template writes to
   * @param choice the chosen format (and, for ChatML, optionally its template text)
   * @throws ModelFormatException if the format needs BOS or EOS as special tokens and the
   *     vocabulary does not mark them so
   */
  public static ChatTemplate forModel(LlamaModel model, ChatTemplateChoice choice) {
    Objects.requireNonNull(model, "model");
    return chosen(choice, model.tokenizer(), model.path().toString());
  }

  /**
   * The template {@code choice} names, over {@code tokenizer} (see {@link #forModel(LlamaModel,
   * ChatTemplateChoice)}).
   *
   * @param source the model file, for messages
   */
  static ChatTemplate chosen(ChatTemplateChoice choice, Tokenizer tokenizer, String source) {
    Objects.requireNonNull(choice, "choice");
    ChatRenderer renderer =
        choice.format() == ChatFormat.CHATML
            ? choice.templateText().map(ChatMlRenderer::forTemplate).orElse(null)
            : null;
    return build(choice.format(), renderer, tokenizer, source, false);
  }

  /**
   * {@return a template of {@code format} over {@code tokenizer}, for a model whose file has no template or
   * whose template is not recognised though its family is known} ChatML gets no default system
   * message.
   *
   * @param format the chat format
   * @param tokenizer the vocabulary the template writes to
   * @throws ModelFormatException if the format's special tokens are not special tokens of {@code
   *     tokenizer}
   */
  public static ChatTemplate of(ChatFormat format, Tokenizer tokenizer) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(tokenizer, "tokenizer");
    return build(format, null, tokenizer, "tokenizer", true);
  }

  /**
   * @param strict whether a marker that is not a special token is a {@link ModelFormatException}
   *     (the model's own template) or is written as plain text (a chosen one)
   */
  private static ChatTemplate build(
      ChatFormat format, ChatRenderer chatMl, Tokenizer tokenizer, String source, boolean strict) {
    String bos = tokenizer.piece(tokenizer.bosId());
    String eos = tokenizer.piece(tokenizer.eosId());
    Set<Integer> stops = new TreeSet<>();
    stops.add(tokenizer.eosId());
    return switch (format) {
      case LLAMA3 -> {
        marker(tokenizer, source, format, Llama3Renderer.START_HEADER, strict);
        marker(tokenizer, source, format, Llama3Renderer.END_HEADER, strict);
        marker(tokenizer, source, format, Llama3Renderer.END_OF_TURN, strict)
            .ifPresent(stops::add);
        tokenizer.idOf(Llama3Renderer.END_OF_MESSAGE).ifPresent(stops::add);
        yield new ChatTemplate(format, new Llama3Renderer(bos), tokenizer, stops);
      }
      case CHATML -> {
        marker(tokenizer, source, format, ChatMlRenderer.START, strict);
        marker(tokenizer, source, format, ChatMlRenderer.END, strict).ifPresent(stops::add);
        ChatRenderer r =
            chatMl != null ? chatMl : new ChatMlRenderer(Optional.empty());
        yield new ChatTemplate(format, r, tokenizer, stops);
      }
      case LLAMA2 -> {
        requireSpecial(tokenizer, source, format, bos);
        requireSpecial(tokenizer, source, format, eos);
        yield new ChatTemplate(format, new Llama2Renderer(bos, eos), tokenizer, stops);
      }
    };
  }

  /**
   * The id of marker {@code text} when it is a special token (so that encoding finds it as one
   * id); when it is not: a {@link ModelFormatException} if {@code strict}, else empty (the
   * marker is written as text).
   */
  private static OptionalInt marker(
      Tokenizer tokenizer, String source, ChatFormat format, String text, boolean strict) {
    if (strict) {
      return OptionalInt.of(requireSpecial(tokenizer, source, format, text));
    }
    OptionalInt id = tokenizer.idOf(text);
    return id.isPresent() && tokenizer.specialTokenIds().contains(id.getAsInt())
        ? id
        : OptionalInt.empty();
  }

  /** The id of {@code text}'s token, which must be special so that encoding finds it. */
  private static int requireSpecial(
      Tokenizer tokenizer, String source, ChatFormat format, String text) {
    int id =
        tokenizer
            .idOf(text)
            .orElseThrow(
                () ->
                    new ModelFormatException(
                        source,
                        "the "
                            + format.id()
                            + " chat format needs the token "
                            + quoted(text)
                            + ", which the vocabulary lacks"));
    if (!tokenizer.specialTokenIds().contains(id)) {
      throw new ModelFormatException(
          source,
          "the "
              + format.id()
              + " chat format needs "
              + quoted(text)
              + " (id "
              + id
              + ") to be a special (control) token; the vocabulary does not mark it so"
              + " (tokenizer.ggml.token_type in GGUF; llama2.c tokenizers mark none)");
    }
    return id;
  }

  /** A token's text on one line: line breaks written as {@code \n}. */
  private static String quoted(String text) {
    return text.replace("\r", "\\r").replace("\n", "\\n");
  }

  private static String knownFormats() {
    List<String> names = new ArrayList<>();
    for (ChatFormat f : ChatFormat.values()) {
      names.add(f.id());
    }
    return String.join(", ", names);
  }

  /** {@return the format's name: {@code llama3}, {@code chatml} or {@code llama2}} */
  public String name() {
    return format.id();
  }

  /** {@return the format} */
  public ChatFormat format() {
    return format;
  }

  /**
   * {@return the prompt text of {@code messages}, special tokens written as their text (BOS included where
   * the format has it, as Hugging Face's {@code apply_chat_template} renders)}
   *
   * @param messages the conversation, in order; not empty
   * @param addGenerationPrompt whether to end with the opening of the assistant's turn (Llama 2
   *     has none: its text always ends where the answer begins)
   * @throws InvalidRequestException naming {@code messages} if the list is empty or the format
   *     cannot express it (Llama 2: roles must alternate user/assistant after an optional first
   *     system message)
   */
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    return render(messages, List.of(), addGenerationPrompt);
  }

  /**
   * As {@link #render(List, boolean)}, with {@code tools} described to the model as the format's
   * tool-calling template does (Llama 3.1's JSON tool calling; Qwen2.5/Qwen3's Hermes-style
   * {@code <tools>} for ChatML). Assistant tool calls and tool results in {@code messages} are
   * rendered in the format's form whether or not tools are given.
   *
   * @param messages the conversation, in order; not empty
   * @param tools the tools to describe; empty for none
   * @param addGenerationPrompt whether to end with the opening of the assistant's turn
   * @return the prompt text
   * @throws InvalidRequestException naming {@code tools} or {@code messages} if the format has no
   *     tool calling (Llama 2) or cannot express the conversation
   */
  public String render(
      List<ChatMessage> messages, List<ToolDefinition> tools, boolean addGenerationPrompt) {
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(tools, "tools");
    return renderer.render(List.copyOf(messages), List.copyOf(tools), addGenerationPrompt);
  }

  /** {@return whether the format can offer tools and read the model's calls (Llama 3 and ChatML)} */
  public boolean supportsTools() {
    return format != ChatFormat.LLAMA2;
  }

  /**
   * {@return the prompt ids of {@code messages}: {@link #render} encoded with {@link
   * Tokenizer#encodeWithSpecialTokens}, so each special token is its single id; BOS once in front
   * where the format writes it (Llama 2, Llama 3) or the vocabulary puts it on a prompt ({@link
   * Tokenizer#addsBos}: ChatML over a SentencePiece vocabulary), EOS once behind where the
   * vocabulary asks ({@link Tokenizer#addsEos}), as llama.cpp encodes a rendered chat (since
   * mid-2025; b4916 dropped a template's BOS where the vocabulary adds none)} Message contents are
   * part of the rendered text, so special tokens' texts typed inside them are recognised too.
   *
   * @param messages the conversation, in order; not empty
   * @param addGenerationPrompt whether to end with the opening of the assistant's turn
   * @throws InvalidRequestException as {@link #render}
   */
  public int[] encode(List<ChatMessage> messages, boolean addGenerationPrompt) {
    return encode(messages, List.of(), addGenerationPrompt);
  }

  /**
   * {@return the prompt ids of {@code messages} with {@code tools}: {@link #render(List, List, boolean)}
   * encoded as {@link #encode(List, boolean)} does}
   *
   * @param messages the conversation, in order; not empty
   * @param tools the tools to describe; empty for none
   * @param addGenerationPrompt whether to end with the opening of the assistant's turn
   * @throws InvalidRequestException as {@link #render(List, List, boolean)}
   */
  public int[] encode(
      List<ChatMessage> messages, List<ToolDefinition> tools, boolean addGenerationPrompt) {
    int[] ids = tokenizer.encodeWithSpecialTokens(
        render(messages, tools, addGenerationPrompt), false, false);
    boolean bos = tokenizer.addsBos() && (ids.length == 0 || ids[0] != tokenizer.bosId());
    boolean eos =
        tokenizer.addsEos() && (ids.length == 0 || ids[ids.length - 1] != tokenizer.eosId());
    if (!bos && !eos) {
      return ids;
    }
    int[] out = new int[ids.length + (bos ? 1 : 0) + (eos ? 1 : 0)];
    System.arraycopy(ids, 0, out, bos ? 1 : 0, ids.length);
    if (bos) {
      out[0] = tokenizer.bosId();
    }
    if (eos) {
      out[out.length - 1] = tokenizer.eosId();
    }
    return out;
  }

  /**
   * {@return the ids that end the assistant's turn: the format's end-of-turn token ({@code <|eot_id|>},
   * and {@code <|eom_id|>} when present, for Llama 3; {@code <|im_end|>} for ChatML) and the
   * tokenizer's EOS} Generation should stop at any of them.
   */
  public Set<Integer> stopTokenIds() {
    return stopTokenIds;
  }

  @Override
  public String toString() {
    return "ChatTemplate[" + name() + ", stops " + stopTokenIds + "]";
  }
}
