package io.infer4j.runtime.serving;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.InvalidRequestException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.runtime.ChatTemplate;
import io.infer4j.runtime.ChatTemplateChoice;
import io.infer4j.runtime.LlamaModel;
import io.infer4j.runtime.internal.structured.TokenBytes;
import io.infer4j.runtime.serving.internal.AnswerShape;
import io.infer4j.runtime.serving.internal.EncodedPrompt;
import io.infer4j.runtime.serving.internal.PromptEncoder;
import io.infer4j.runtime.serving.internal.ServingGeneration;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded {@link LlamaModel} serving {@link InferenceRequest}s as SPI {@link Generation}s: the
 * raw prompt is encoded as llama.cpp encodes a completion's ({@link
 * io.infer4j.runtime.Tokenizer#encodePrompt}: BOS where the vocabulary puts it, as run.c does,
 * then the text; an empty prompt is BOS alone, refused where there is no BOS), a chat is
 * rendered with the model's chat template or the one chosen for it; tokens are sampled with the
 * request's {@link io.infer4j.Sampling} (with a seed, temperature and top-p, exactly run.c's
 * sampler; without a seed, a random one); generation stops on the model's BOS, its EOS or another
 * token llama.cpp ends a generation at ({@link
 * io.infer4j.runtime.Tokenizer#endOfGenerationIds}; {@link io.infer4j.FinishReason#STOP}), a stop
 * string ({@code STOP_SEQUENCE}, the string not included),
 * {@code maxTokens} ({@code LENGTH}) or when prompt and completion fill the context ({@code
 * CONTEXT_LENGTH}). Usage is exact ({@link io.infer4j.Usage#reported}).
 *
 * <p>Thread-safe: each generation has its own session (KV cache) and sampler, so requests may run
 * concurrently. A generation runs one forward step per {@code next()}; {@code close()} from any
 * thread stops it at the next token. This object owns the model: {@link #close()} releases it once
 * every generation started from it has ended.
 */
public final class ServingModel implements AutoCloseable {
  private final String name;
  private final LlamaModel model;
  private final SequenceEngine engine;
  private final Optional<ChatTemplateChoice> chatChoice;
  private final Object lock = new Object();
  private int active;
  private boolean closing;
  private boolean released;
  private volatile TokenBytes tokenBytes; // built on the first constrained request

  private ServingModel(
      String name, LlamaModel model, SequenceEngine engine, Optional<ChatTemplateChoice> chat) {
    this.name = Objects.requireNonNull(name, "name");
    this.model = Objects.requireNonNull(model, "model");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.chatChoice = Objects.requireNonNull(chat, "chat");
  }

  /**
   * Wraps a loaded model; the result takes ownership of it.
   *
   * @param name the model name responses report (e.g. the file name)
   * @param model the loaded model, run on its CPU kernels
   * @return the serving model, open
   */
  public static ServingModel of(String name, LlamaModel model) {
    return of(name, model, SequenceEngine.cpu(model));
  }

  /**
   * Wraps a loaded model whose forward passes run on {@code engine} (which must compute what the
   * model's CPU kernels compute); the result takes ownership of both.
   *
   * @param name the model name responses report (e.g. the file name)
   * @param model the loaded model
   * @param engine the engine running the forward passes
   * @return the serving model, open
   */
  public static ServingModel of(String name, LlamaModel model, SequenceEngine engine) {
    return new ServingModel(name, model, engine, Optional.empty());
  }

  /**
   * As {@link #of(String, LlamaModel, SequenceEngine)}, chats rendered with the template {@code
   * chat} chooses instead of the model file's (see {@link ChatTemplate#forModel(LlamaModel,
   * ChatTemplateChoice)}).
   *
   * @param name the model name responses report (e.g. the file name)
   * @param model the loaded model
   * @param engine the engine running the forward passes
   * @param chat which template chats are rendered with
   * @return the serving model, open
   */
  public static ServingModel of(
      String name, LlamaModel model, SequenceEngine engine, ChatTemplateChoice chat) {
    return new ServingModel(name, model, engine, Optional.of(chat));
  }

  /** {@return the model name responses report} */
  public String name() {
    return name;
  }

  /** {@return the loaded model (do not close it: {@link #close()} does)} */
  public LlamaModel model() {
    return model;
  }

  /**
   * {@return whether chat requests can be served: a template was chosen, or the model file has one this
   * runtime renders}
   */
  public boolean supportsChat() {
    try {
      chatTemplate();
      return true;
    } catch (InferenceException e) {
      return false;
    }
  }

  /**
   * {@return the template chats are rendered with: the chosen one, else the model file's}
   *
   * @throws InvalidRequestException naming {@code messages} if none was chosen and the file has
   *     none, or one of an unknown family
   * @throws io.infer4j.ModelFormatException if the template's special tokens do not fit the
   *     vocabulary
   */
  public ChatTemplate chatTemplate() {
    return chatChoice
        .map(c -> ChatTemplate.forModel(model, c))
        .orElseGet(() -> ChatTemplate.forModel(model));
  }

  /**
   * {@return what a backend serving this model can do: raw prompts, streaming, seeded sampling, structured
   * output (JSON answers by constrained decoding) and embeddings ({@link #embed}) always, chat when the model has a
   * template this runtime renders, tools when that template's family has tool calling (Llama 3,
   * ChatML), plus the backend's {@code extra} capabilities (simulated timing, latency estimates)}
   *
   * @param extra capabilities the backend adds; may be empty
   */
  public java.util.Set<io.infer4j.spi.Capability> capabilities(io.infer4j.spi.Capability... extra) {
    java.util.EnumSet<io.infer4j.spi.Capability> caps = java.util.EnumSet.of(
        io.infer4j.spi.Capability.RAW_PROMPT,
        io.infer4j.spi.Capability.STREAMING,
        io.infer4j.spi.Capability.SEEDED_SAMPLING,
        io.infer4j.spi.Capability.STRUCTURED_OUTPUT,
        io.infer4j.spi.Capability.EMBEDDINGS);
    if (supportsChat()) {
      caps.add(io.infer4j.spi.Capability.CHAT);
      if (chatTemplate().supportsTools()) {
        caps.add(io.infer4j.spi.Capability.TOOLS);
      }
    }
    caps.addAll(java.util.Arrays.asList(extra));
    return java.util.Set.copyOf(caps);
  }

  /**
   * {@return the number of tokens the model would see for the request's prompt (BOS, where the
   * vocabulary puts it, and chat template included), without running anything}
   *
   * @param request the request whose prompt or messages to encode
   * @throws InvalidRequestException if the prompt cannot be encoded or exceeds the context
   */
  public int promptTokens(InferenceRequest request) {
    return PromptEncoder.encode(model, request, this::chatTemplate).length();
  }

  /**
   * Starts serving {@code request} with no hook; see {@link #start(InferenceRequest, Deadline,
   * ServingHook)}.
   *
   * @param request the request
   * @param deadline the request's time budget, honoured by every wait of the generation
   * @return the generation, not yet started; the caller closes it
   */
  public Generation start(InferenceRequest request, Deadline deadline) {
    return start(request, deadline, ServingHook.NONE);
  }

  /**
   * Starts serving {@code request}. Returns at once: the prompt is run by the first {@code next()}.
   *
   * @param request the request
   * @param deadline the request's time budget, honoured by every wait of the generation
   * @param hook per-generation timing and pacing, called from the generation's thread
   * @return the generation, not yet started; the caller closes it
   * @throws ModelNotFoundException if the request names a model other than this one (see {@link
   *     #answers})
   * @throws InvalidRequestException if the prompt cannot be encoded (a chat without a template),
   *     gives no tokens (empty, without BOS) or is longer than the context, naming both lengths; or if a response format's or tool's
   *     schema is outside what constrained decoding supports (naming the keyword and where)
   * @throws BackendUnavailableException if this model was closed
   */
  public Generation start(InferenceRequest request, Deadline deadline, ServingHook hook) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(hook, "hook");
    request.requestedModel().filter(m -> !answers(m)).ifPresent(m -> {
      throw new ModelNotFoundException(m, "this backend serves only " + name + " ("
          + model.path() + "); leave the request's model unset, or configure another backend"
          + " instance for " + m);
    });
    EncodedPrompt prompt = PromptEncoder.encode(model, request, this::chatTemplate);
    AnswerShape shape = AnswerShape.of(request, this::chatTemplate);
    acquire();
    try {
      return new ServingGeneration(model, name, prompt, request.sampling(), deadline, hook,
          engine, this::release, shape, this::tokenBytes);
    } catch (RuntimeException e) {
      release();
      throw e;
    }
  }

  /**
   * Embeds {@code request}'s inputs: the mean of the model's final hidden states (after the final
   * norm) over each input's tokens ({@link io.infer4j.runtime.Tokenizer#encodePrompt}), scaled to
   * unit length, computed on the CPU
   * kernels whatever engine runs generation. Runs on the calling thread.
   *
   * @param request the inputs to embed
   * @param deadline the request's time budget
   * @param backend the backend instance name the response reports
   * @return one unit-length vector per input, in input order
   * @throws ModelNotFoundException if the request names a model other than this one
   * @throws InvalidRequestException naming {@code inputs[i]} if an input exceeds the context or
   *     gives no tokens (empty, without BOS)
   * @throws BackendUnavailableException if this model was closed
   */
  public io.infer4j.EmbeddingResponse embed(
      io.infer4j.EmbeddingRequest request, Deadline deadline, String backend) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(deadline, "deadline");
    Optional.ofNullable(request.model()).filter(m -> !answers(m)).ifPresent(m -> {
      throw new ModelNotFoundException(m, "this backend embeds only with " + name);
    });
    acquire();
    try {
      return io.infer4j.runtime.serving.internal.Embedder.embed(
          model, name, backend, request, deadline);
    } finally {
      release();
    }
  }

  /** The bytes of every token, decoded once for all constrained requests. */
  private TokenBytes tokenBytes() {
    TokenBytes t = tokenBytes;
    if (t == null) {
      tokenBytes = t = TokenBytes.of(model.tokenizer());
    }
    return t;
  }

  /**
   * {@return whether a request naming {@code requested} as its model is for this model: the name, the name
   * without its extension, or a path to the same file}
   *
   * @param requested the request's model; not null
   */
  public boolean answers(String requested) {
    if (requested.equals(name) || requested.equals(stem(name))) {
      return true;
    }
    try {
      return Path.of(requested).toAbsolutePath().normalize()
          .equals(model.path().toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  private void acquire() {
    synchronized (lock) {
      if (closing) {
        throw new BackendUnavailableException(name, "the model was closed", false);
      }
      active++;
    }
  }

  private void release() {
    boolean closeNow;
    synchronized (lock) {
      active--;
      closeNow = closing && active == 0 && !released;
      released |= closeNow;
    }
    if (closeNow) {
      closeModelAndEngine();
    }
  }

  private void closeModelAndEngine() {
    try {
      engine.close();
    } finally {
      model.close();
    }
  }

  /**
   * {@return the health of a backend serving this model: up while it is loaded (until {@link #close()}),
   * closed after, with the {@code model} name and the {@code device} its forward passes run on}
   *
   * @param device where the forward passes run, as the health detail reports it (e.g. {@code lpu})
   */
  public io.infer4j.spi.BackendHealth health(String device) {
    io.infer4j.spi.BackendHealth h = isOpen()
        ? io.infer4j.spi.BackendHealth.up()
        : io.infer4j.spi.BackendHealth.closed("the model was closed");
    return h.with("model", name()).with("device", device);
  }

  /**
   * {@return whether new generations are accepted: the model is loaded and {@link #close()} has not been
   * called (after it, the model is released once the last generation ends)}
   */
  public boolean isOpen() {
    synchronized (lock) {
      return !closing;
    }
  }

  /**
   * Refuses new generations and releases the engine and the model (unmaps its files) as soon as no
   * generation started from it is running. Idempotent.
   */
  @Override
  public void close() {
    boolean closeNow;
    synchronized (lock) {
      closing = true;
      closeNow = active == 0 && !released;
      released |= closeNow;
    }
    if (closeNow) {
      closeModelAndEngine();
    }
  }

  @Override
  public String toString() {
    return "ServingModel[" + name + ", " + model.config() + "]";
  }
}
