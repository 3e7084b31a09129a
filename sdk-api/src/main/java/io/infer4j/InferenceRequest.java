package io.infer4j;

import io.infer4j.spi.Capability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What to generate: either a chat ({@code messages}, rendered with the model's chat template) or a
 * raw {@code prompt} (used as is; an empty prompt is valid here and starts from the
 * beginning-of-sequence token where the model's vocabulary puts one in front of a prompt; a backend
 * whose model has none, as Qwen's and GPT-2's, refuses it naming {@code prompt}), plus sampling
 * parameters and a latency budget.
 *
 * <p>Built with {@link #builder()}; validated on construction, so an instance is always
 * well-formed. A deadline that is already past when the request reaches a client is rejected
 * there, before any work.
 *
 * @param messages the chat, in order; empty if and only if {@code prompt} is set
 * @param prompt the raw prompt, or {@code null} for a chat request
 * @param model the model id or path, or {@code null} for the backend's configured default
 * @param sampling how to choose tokens and when to stop
 * @param budget the latency budget; {@link LatencyBudget#NONE} for none
 * @param tools the tools the model may call (chat requests only); empty for none
 * @param toolChoice whether the model may, must or must not call them, or which one
 * @param responseFormat the form of the answer: text, any JSON object, or JSON valid against a schema
 */
public record InferenceRequest(
    List<ChatMessage> messages,
    String prompt,
    String model,
    Sampling sampling,
    LatencyBudget budget,
    List<ToolDefinition> tools,
    ToolChoice toolChoice,
    ResponseFormat responseFormat) {

  /**
   * Validates the request and fills the defaults: {@code null} lists become empty, a {@code null}
   * sampling {@link Sampling#DEFAULT}, budget {@link LatencyBudget#NONE}, tool choice {@link
   * ToolChoice#AUTO} and response format {@link ResponseFormat#TEXT}; the lists are copied.
   *
   * @throws InvalidRequestException naming the field at fault: neither or both of {@code prompt}
   *     and {@code messages}, a blank model, tools on a raw prompt, two tools of one name, a tool
   *     choice that needs tools none of which match, or a tool result answering no earlier call
   */
  public InferenceRequest {
    messages = messages == null ? List.of() : List.copyOf(messages);
    if (prompt == null && messages.isEmpty()) {
      throw new InvalidRequestException(
          "messages", "must not be empty (or give a raw prompt)");
    }
    if (prompt != null && !messages.isEmpty()) {
      throw new InvalidRequestException(
          "prompt", "give either a raw prompt or messages, not both");
    }
    if (model != null && model.isBlank()) {
      throw new InvalidRequestException("model", "must not be blank (leave it unset for the default)");
    }
    sampling = sampling == null ? Sampling.DEFAULT : sampling;
    budget = budget == null ? LatencyBudget.NONE : budget;
    tools = tools == null ? List.of() : List.copyOf(tools);
    toolChoice = toolChoice == null ? ToolChoice.AUTO : toolChoice;
    responseFormat = responseFormat == null ? ResponseFormat.TEXT : responseFormat;
    checkTools(messages, prompt, tools, toolChoice);
  }

  /**
   * A request without tools, answered in text.
   *
   * @param messages the chat, in order; empty or {@code null} if and only if {@code prompt} is set
   * @param prompt the raw prompt, or {@code null} for a chat request
   * @param model the model id or path, or {@code null} for the backend's configured default
   * @param sampling how to choose tokens and when to stop; {@code null} for {@link
   *     Sampling#DEFAULT}
   * @param budget the latency budget; {@code null} for {@link LatencyBudget#NONE}
   * @throws InvalidRequestException as the canonical constructor
   */
  public InferenceRequest(
      List<ChatMessage> messages, String prompt, String model, Sampling sampling, LatencyBudget budget) {
    this(messages, prompt, model, sampling, budget, List.of(), ToolChoice.AUTO, ResponseFormat.TEXT);
  }

  private static void checkTools(
      List<ChatMessage> messages, String prompt, List<ToolDefinition> tools, ToolChoice choice) {
    if (prompt != null && !tools.isEmpty()) {
      throw new InvalidRequestException("tools", "tools need a chat request (messages), not a raw prompt");
    }
    Set<String> names = new HashSet<>();
    for (ToolDefinition t : tools) {
      if (!names.add(t.name())) {
        throw new InvalidRequestException("tools", "two tools are named '" + t.name() + "'");
      }
    }
    if (tools.isEmpty() && (choice.mode() == ToolChoice.Mode.REQUIRED
        || choice.mode() == ToolChoice.Mode.NAMED)) {
      throw new InvalidRequestException("toolChoice", choice.mode() + " needs tools, and none are given");
    }
    if (choice.mode() == ToolChoice.Mode.NAMED && !names.contains(choice.toolName())) {
      throw new InvalidRequestException("toolChoice",
          "no tool named '" + choice.toolName() + "' among " + names);
    }
    Set<String> callIds = new HashSet<>();
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      for (ToolCall call : m.toolCalls()) {
        callIds.add(call.id());
      }
      if (m.role() == Role.TOOL && !callIds.contains(m.toolCallId())) {
        throw new InvalidRequestException("messages[" + i + "].toolCallId",
            "no earlier assistant message made a call with id '" + m.toolCallId() + "'"
                + (callIds.isEmpty() ? " (none made any)" : "; calls made: " + callIds));
      }
    }
  }

  /**
   * {@return what a backend must be able to do to serve this request beyond plain text: {@link
   * Capability#TOOLS} (tools offered, or tool calls and results in the chat), {@link
   * Capability#STRUCTURED_OUTPUT} (a JSON answer), {@link Capability#IMAGES}, {@link
   * Capability#AUDIO}}
   */
  public Set<Capability> requiredCapabilities() {
    Set<Capability> needs = EnumSet.noneOf(Capability.class);
    if (!tools.isEmpty()) {
      needs.add(Capability.TOOLS);
    }
    if (responseFormat.isJson()) {
      needs.add(Capability.STRUCTURED_OUTPUT);
    }
    for (ChatMessage m : messages) {
      if (!m.toolCalls().isEmpty() || m.role() == Role.TOOL) {
        needs.add(Capability.TOOLS);
      }
      for (MediaPart part : m.media()) {
        needs.add(part.kind() == MediaPart.Kind.IMAGE ? Capability.IMAGES : Capability.AUDIO);
      }
    }
    return needs;
  }

  /**
   * {@return the tool named {@code name}, if the request offers it}
   *
   * @param name the tool's name, as in {@link ToolDefinition#name()}; case-sensitive
   */
  public Optional<ToolDefinition> tool(String name) {
    return tools.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** {@return a new builder with no messages, default sampling and no budget} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a raw-prompt request with default sampling and no budget}
   *
   * @param prompt the text to continue, used as is; {@code ""} starts from the
   *     beginning-of-sequence token (where the model has one in front of a prompt)
   * @throws InvalidRequestException if {@code prompt} is {@code null}
   */
  public static InferenceRequest ofPrompt(String prompt) {
    return builder().prompt(prompt).build();
  }

  /**
   * {@return a one-message chat request from the user, with default sampling and no budget}
   *
   * @param content the user's message
   * @throws InvalidRequestException if {@link ChatMessage} rejects {@code content}
   */
  public static InferenceRequest ofUserMessage(String content) {
    return builder().user(content).build();
  }

  /** {@return whether this is a raw-prompt request (as opposed to a chat)} */
  public boolean isRawPrompt() {
    return prompt != null;
  }

  /** {@return the model, if the request names one} */
  public Optional<String> requestedModel() {
    return Optional.ofNullable(model);
  }

  /**
   * {@return all the text the caller sent: the raw prompt, or the messages' contents joined by newlines}
   * Useful for matching requests in tests; not what a model sees (that includes a chat template).
   */
  public String text() {
    if (prompt != null) {
      return prompt;
    }
    return messages.stream().map(ChatMessage::content).collect(Collectors.joining("\n"));
  }

  /** {@return a builder holding this request's values, to derive a variant} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.messages.addAll(messages);
    b.prompt = prompt;
    b.model = model;
    b.sampling(sampling);
    b.budget = budget;
    b.tools.addAll(tools);
    b.toolChoice = toolChoice;
    b.responseFormat = responseFormat;
    return b;
  }

  /**
   * Builds a request. Not thread-safe; each setter returns this builder.
   *
   * <p>Sampling is set as a whole with {@link #sampling(Sampling)} and the latency budget with
   * {@link #budget(LatencyBudget)}; both values have factories and withers ({@code
   * Sampling.DEFAULT.withTopP(0.9).withSeed(42L)}, {@code LatencyBudget.ofTotal(d).withDeadline(t)}).
   * Three shortcuts stay on the builder because nearly every request sets them: {@link
   * #maxTokens(int)} and {@link #temperature(double)} (the two sampling knobs of every quick
   * start) and {@link #timeToFirstTokenBudget(Duration)} (the budget the router is built around).
   * A shortcut changes one field of what is set so far; a later {@code sampling(...)} or {@code
   * budget(...)} replaces the whole value, shortcuts included.
   */
  public static final class Builder {
    private final List<ChatMessage> messages = new ArrayList<>();
    private String prompt;
    private String model;
    private int maxTokens = Sampling.DEFAULT.maxTokens();
    private double temperature = Sampling.DEFAULT.temperature();
    private double topP = Sampling.DEFAULT.topP();
    private int topK = Sampling.DEFAULT.topK();
    private double minP = Sampling.DEFAULT.minP();
    private Long seed;
    private List<String> stop = List.of();
    private LatencyBudget budget = LatencyBudget.NONE;
    private final List<ToolDefinition> tools = new ArrayList<>();
    private ToolChoice toolChoice = ToolChoice.AUTO;
    private ResponseFormat responseFormat = ResponseFormat.TEXT;

    private Builder() {}

    /**
     * Offers a tool to the model, after those offered so far.
     *
     * @param tool the tool; its name must differ from the others' (checked by {@link #build()})
     * @return this builder
     * @throws InvalidRequestException if {@code tool} is {@code null}
     */
    public Builder tool(ToolDefinition tool) {
      if (tool == null) {
        throw new InvalidRequestException("tools[" + tools.size() + "]", "must not be null");
      }
      tools.add(tool);
      return this;
    }

    /**
     * Replaces the tools offered.
     *
     * @param all the tools, in order; empty for none
     * @return this builder
     * @throws InvalidRequestException if an element is {@code null}
     */
    public Builder tools(List<ToolDefinition> all) {
      tools.clear();
      for (ToolDefinition t : all) {
        tool(t);
      }
      return this;
    }

    /**
     * Sets whether the model may, must or must not call a tool, or which one.
     *
     * @param choice the choice; {@code null} for {@link ToolChoice#AUTO}
     * @return this builder
     */
    public Builder toolChoice(ToolChoice choice) {
      this.toolChoice = choice == null ? ToolChoice.AUTO : choice;
      return this;
    }

    /**
     * Sets the form of the answer.
     *
     * @param format text, any JSON object, or JSON valid against a schema; {@code null} for
     *     {@link ResponseFormat#TEXT}
     * @return this builder
     */
    public Builder responseFormat(ResponseFormat format) {
      this.responseFormat = format == null ? ResponseFormat.TEXT : format;
      return this;
    }

    /**
     * Asks for an answer in JSON that reads into {@code type} ({@link ResponseFormat#of(Class)}).
     *
     * @param type the record or class the answer is read into; its schema is derived from it
     * @return this builder
     */
    public Builder responseFormat(Class<?> type) {
      return responseFormat(ResponseFormat.of(type));
    }

    /**
     * Sets a raw prompt (exclusive with messages).
     *
     * @param prompt the text to continue, used as is; {@code ""} starts from the
     *     beginning-of-sequence token (where the model has one in front of a prompt), {@code
     *     null} unsets it
     * @return this builder
     */
    public Builder prompt(String prompt) {
      this.prompt = prompt;
      return this;
    }

    /**
     * Appends a message to the chat.
     *
     * @param message the message
     * @return this builder
     * @throws InvalidRequestException if {@code message} is {@code null}
     */
    public Builder message(ChatMessage message) {
      if (message == null) {
        throw new InvalidRequestException("messages[" + messages.size() + "]", "must not be null");
      }
      messages.add(message);
      return this;
    }

    /**
     * Appends a text message to the chat.
     *
     * @param role who says it
     * @param content what is said; {@code ""} for empty
     * @return this builder
     * @throws InvalidRequestException if {@code role} or {@code content} is {@code null}, or the
     *     role is {@link Role#TOOL} (a tool result needs the id of its call)
     */
    public Builder message(Role role, String content) {
      return message(new ChatMessage(role, content));
    }

    /**
     * Replaces the chat.
     *
     * @param all the messages, in order
     * @return this builder
     * @throws InvalidRequestException if an element is {@code null}
     */
    public Builder messages(List<ChatMessage> all) {
      messages.clear();
      for (ChatMessage m : all) {
        message(m);
      }
      return this;
    }

    /**
     * Appends system instructions (a {@link Role#SYSTEM} message).
     *
     * @param content the text; {@code ""} for empty
     * @return this builder
     * @throws InvalidRequestException if {@code content} is {@code null}
     */
    public Builder system(String content) {
      return message(Role.SYSTEM, content);
    }

    /**
     * Appends the user's message (a {@link Role#USER} message).
     *
     * @param content the text; {@code ""} for empty
     * @return this builder
     * @throws InvalidRequestException if {@code content} is {@code null}
     */
    public Builder user(String content) {
      return message(Role.USER, content);
    }

    /**
     * Appends an earlier answer of the model (a {@link Role#ASSISTANT} message).
     *
     * @param content the text; {@code ""} for empty
     * @return this builder
     * @throws InvalidRequestException if {@code content} is {@code null}
     */
    public Builder assistant(String content) {
      return message(Role.ASSISTANT, content);
    }

    /**
     * Names the model to use.
     *
     * @param model the model id or path; {@code null} for the backend's configured default
     * @return this builder
     */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /**
     * Shortcut: most tokens to generate ({@link Sampling#maxTokens()}).
     *
     * @param maxTokens the most tokens to generate; checked by {@link #build()}
     * @return this builder
     */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Shortcut: sampling temperature ({@link Sampling#temperature()}).
     *
     * @param temperature the temperature, 0 for greedy; checked by {@link #build()}
     * @return this builder
     */
    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /**
     * Replaces every sampling field, {@code maxTokens} and {@code temperature} included.
     *
     * @param s the sampling parameters; not {@code null}
     * @return this builder
     * @throws NullPointerException if {@code s} is {@code null}
     */
    public Builder sampling(Sampling s) {
      maxTokens = s.maxTokens();
      temperature = s.temperature();
      topP = s.topP();
      topK = s.topK();
      minP = s.minP();
      seed = s.seed();
      stop = s.stop();
      return this;
    }

    /**
     * Replaces the whole latency budget.
     *
     * @param budget the budget; {@code null} for {@link LatencyBudget#NONE}
     * @return this builder
     */
    public Builder budget(LatencyBudget budget) {
      this.budget = budget == null ? LatencyBudget.NONE : budget;
      return this;
    }

    /**
     * Shortcut: time-to-first-token budget, merged into the budget set so far ({@link
     * LatencyBudget#withTimeToFirstToken}).
     *
     * @param ttft the longest wait for the first token; {@code null} for none
     * @return this builder
     */
    public Builder timeToFirstTokenBudget(Duration ttft) {
      this.budget = budget.withTimeToFirstToken(ttft);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the request
     * @throws InvalidRequestException naming the first field at fault
     */
    public InferenceRequest build() {
      Sampling s = new Sampling(maxTokens, temperature, topP, topK, minP, seed, stop);
      return new InferenceRequest(messages, prompt, model, s, budget, tools, toolChoice, responseFormat);
    }
  }
}
