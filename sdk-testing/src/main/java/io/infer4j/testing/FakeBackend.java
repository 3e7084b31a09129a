package io.infer4j.testing;

import io.infer4j.BackendUnavailableException;
import io.infer4j.EmbeddingRequest;
import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.ResponseFormat;
import io.infer4j.ToolCall;
import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.LatencyEstimate;
import io.infer4j.testing.internal.AnswerPlan;
import io.infer4j.testing.internal.FakeCapabilities;
import io.infer4j.testing.internal.FakeEmbeddings;
import io.infer4j.testing.internal.FakeGeneration;
import io.infer4j.testing.internal.FakeJson;
import io.infer4j.testing.internal.HashedEmbedding;
import io.infer4j.testing.internal.RequestChecks;
import io.infer4j.testing.internal.ScriptedAnswer;
import io.infer4j.testing.internal.SharedFakeView;
import io.infer4j.testing.internal.WordChunks;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A scripted {@link Backend} for tests: it answers what you tell it to, as fast or as slowly as you
 * tell it to, fails how you tell it to, and remembers every request.
 *
 * <pre>{@code
 * FakeBackend fake = FakeBackend.create()
 *     .whenPromptContains("weather").reply("Sunny.")   // persistent rule, checked first
 *     .reply("First answer.")                          // then one-shot answers, in order
 *     .fail(new RateLimitedException("fake", "slow down", Duration.ofSeconds(1)));
 * try (InferenceClient client = fake.client()) {
 *   ... code under test ...
 * }
 * fake.assertRequestCount(2).assertPromptContains("weather");
 *
 * fake.replyToolCall("get_weather", new City("Paris"))      // the model calls a tool: call_1
 *     .reply("Sunny in Paris.")                             // its answer once it has the result
 *     .whenResponseFormat(Weather.class).replyJson(new Weather("Paris", 21))
 *     .embedding("cat", 1f, 0f)                              // else a hashed bag of words
 *     .disable(Capability.AUDIO)                            // to test the refusal
 *     .down("scripted outage");                             // health(): DOWN, for readiness tests
 * }</pre>
 *
 * <p><b>Choosing the answer.</b> For each request, the first {@linkplain #when matching rule}
 * answers (rules persist and are checked in the order added); otherwise the next {@linkplain
 * #reply queued answer} is consumed; when the queue is empty the fake <em>echoes</em> the request's
 * {@link InferenceRequest#text()} (the raw prompt, or the messages' contents joined by newlines).
 *
 * <p><b>Streaming.</b> Text answers stream as word chunks: each chunk is one word with the
 * whitespace before it ({@code "Once upon"} streams {@code "Once"}, {@code " upon"}); {@link
 * #replyChunks} gives the chunks exactly. One chunk counts as one token: an answer longer than the
 * request's {@code maxTokens} is cut there ({@code LENGTH}); a stop string of the request cuts the
 * text just before it ({@code STOP_SEQUENCE}); otherwise the answer ends with {@code STOP}.
 *
 * <p><b>Tool calls and JSON.</b> {@link #replyToolCall} and {@link #replyToolCalls} script an
 * answer that calls tools: no chunks, the calls in the result, finish reason {@code TOOL_CALLS};
 * the ids are {@code call_1}, {@code call_2}, ... unless given ({@link FakeToolCall}). {@link
 * #replyJson} scripts a structured answer, streamed in word chunks like text. The client checks
 * both against the request as for any backend (the offered tools and their schemas, the tool
 * choice, the response format), so an answer that breaks them fails there with {@link
 * io.infer4j.StructuredOutputException}. The fake invents neither: a request that asks for JSON,
 * or whose tool choice requires a call, and that nothing is scripted for fails at start with a
 * non-retryable {@link BackendUnavailableException} saying how to script it (instead of an echo
 * that could not pass the check).
 *
 * <p><b>Embeddings.</b> {@link #embedding} scripts the vector of one input text; other texts get a
 * hashed bag of words of {@value #DEFAULT_EMBEDDING_DIMENSIONS} dimensions and length 1 (see
 * {@link #embeddingDimensions}): the same text always gives the same vector, texts that share words
 * are closer than unrelated ones, and nothing more is meant. Prompt tokens = the words of the
 * inputs; the model is the fake's; no latency applies.
 *
 * <p><b>Capabilities.</b> Chat, raw prompts, streaming, seeded sampling (the fake is
 * deterministic), latency estimates, tools, structured output, embeddings, images and audio. Media
 * parts are accepted and kept in {@link #requests()} (the echo leaves them out, as {@link
 * InferenceRequest#text()} does). {@link #disable} turns capabilities off: the client then refuses
 * requests that need them with {@link UnsupportedCapabilityException} before they reach the fake,
 * a router passes the fake by, and the fake refuses them itself when called directly (not
 * recording them); without {@code LATENCY_ESTIMATE} it makes no estimate.
 *
 * <p><b>Responses.</b> Usage is reported: prompt tokens = the words of the request text,
 * completion tokens = the chunks delivered (none for tool calls). The model is {@code
 * "fake-model"} unless set with {@link #model}. Timing is measured by the client, so {@link
 * #latency} shows in it.
 *
 * <p><b>Threads.</b> Thread-safe: scripting, requests and assertions may happen from any thread,
 * and concurrent requests each consume their own answer.
 *
 * <p><b>Closing.</b> A fake is a script, not a resource: {@link #close()} cancels the generations
 * still running and counts the close ({@link #closeCount()}), but the fake keeps answering new
 * requests, so one fake can serve several clients in a test (each client refuses requests after
 * its own close).
 */
public final class FakeBackend implements Backend {

  /** The model name reported when none is set. */
  public static final String DEFAULT_MODEL = "fake-model";

  /** The dimensions of the default embedding vectors. */
  public static final int DEFAULT_EMBEDDING_DIMENSIONS = HashedEmbedding.DEFAULT_DIMENSIONS;

  private record Rule(Predicate<InferenceRequest> matcher, ScriptedAnswer answer) {}

  private final Object lock = new Object();
  private final List<Rule> rules = new ArrayList<>(); // guarded by lock
  private final Deque<ScriptedAnswer> queue = new ArrayDeque<>(); // guarded by lock
  private final List<InferenceRequest> requests = new ArrayList<>(); // guarded by lock
  private Duration firstTokenLatency = Duration.ZERO; // guarded by lock
  private Duration perChunkLatency = Duration.ZERO; // guarded by lock
  private String model = DEFAULT_MODEL; // guarded by lock
  private String downReason; // guarded by lock; null: up
  private int callsMade; // guarded by lock; numbers the tool calls without an id
  private final FakeCapabilities capabilities = new FakeCapabilities();
  private final FakeEmbeddings embeddings = new FakeEmbeddings();

  private final Set<FakeGeneration> running = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cancelled = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();

  private FakeBackend() {}

  /** {@return a fake with nothing scripted: it echoes every request, without latency} */
  public static FakeBackend create() {
    return new FakeBackend();
  }

  // ---- scripting -------------------------------------------------------------------------

  /**
   * Queues one answer: {@code text}, streamed in word chunks.
   *
   * @param text the answer; {@code ""} for an empty one
   * @return this fake
   */
  public FakeBackend reply(String text) {
    return enqueue(ScriptedAnswer.text(text));
  }

  /**
   * Queues one answer streamed as exactly these chunks.
   *
   * @param chunks the chunks, in order; none for an empty answer
   * @return this fake
   */
  public FakeBackend replyChunks(String... chunks) {
    return enqueue(ScriptedAnswer.chunks(Arrays.asList(chunks)));
  }

  /**
   * Queues one structured answer: {@code value} (a record, a map) written as JSON by the SDK's
   * mapper, so {@link io.infer4j.InferenceResponse#as} reads it back, and streamed in word chunks.
   *
   * @param value a record or map, written as JSON
   * @return this fake
   * @throws IllegalArgumentException when it cannot be written as JSON
   */
  public FakeBackend replyJson(Object value) {
    return enqueue(ScriptedAnswer.text(FakeJson.write(value)));
  }

  /**
   * Queues one structured answer given as JSON text, streamed in word chunks. Whether it matches
   * the request's schema is for the client to check; to script text that is not JSON at all, use
   * {@link #reply}.
   *
   * @param json the answer, JSON text
   * @return this fake
   * @throws IllegalArgumentException when {@code json} is not JSON
   */
  public FakeBackend replyJson(String json) {
    return enqueue(ScriptedAnswer.json(json));
  }

  /**
   * Queues one answer that calls the tool {@code name} with {@code argumentsJson}.
   *
   * @param name the tool's name
   * @param argumentsJson the arguments as JSON text, sent as is; {@code "{}"} when {@code null} or
   *     blank
   * @return this fake
   */
  public FakeBackend replyToolCall(String name, String argumentsJson) {
    return replyToolCalls(FakeToolCall.of(name, argumentsJson));
  }

  /**
   * Queues one answer that calls the tool {@code name} with {@code arguments} written as JSON.
   *
   * @param name the tool's name
   * @param arguments a record or map, written as JSON
   * @return this fake
   * @throws IllegalArgumentException when {@code arguments} cannot be written as JSON
   */
  public FakeBackend replyToolCall(String name, Object arguments) {
    return replyToolCalls(FakeToolCall.of(name, arguments));
  }

  /**
   * Queues one answer that makes these calls at once (parallel tool calls), in this order.
   *
   * @param calls the calls, each numbered by the fake unless it names its id
   * @return this fake
   */
  public FakeBackend replyToolCalls(FakeToolCall... calls) {
    return enqueue(ScriptedAnswer.toolCalls(Arrays.asList(calls)));
  }

  /**
   * Queues one failure: the request fails with {@code failure} when it starts, so {@code
   * generate} and {@code stream} throw it as it is.
   *
   * @param failure the exception the request fails with
   * @return this fake
   */
  public FakeBackend fail(InferenceException failure) {
    return enqueue(ScriptedAnswer.failure(failure));
  }

  /**
   * Queues one answer that streams {@code chunks} and then fails with {@code failure}, as a
   * connection dropping mid-stream. Through a client, a failure after delivered text arrives as
   * {@link io.infer4j.StreamInterruptedException} carrying the partial text, with {@code failure}
   * as its cause (a deadline error stays a deadline error). If {@code maxTokens} or a stop string
   * ends the answer before the last chunk, it ends normally instead.
   *
   * @param failure the exception the request fails with
   * @param chunks the chunks streamed before the failure, in order
   * @return this fake
   */
  public FakeBackend failAfterChunks(InferenceException failure, String... chunks) {
    return enqueue(ScriptedAnswer.failureAfter(Arrays.asList(chunks), failure));
  }

  /**
   * {@return a persistent rule for requests whose {@link InferenceRequest#text()} contains {@code
   * part}}
   *
   * @param part the text to look for; case-sensitive
   * @throws NullPointerException if {@code part} is {@code null}
   */
  public FakeRule whenPromptContains(String part) {
    Objects.requireNonNull(part, "part");
    return when(request -> request.text().contains(part));
  }

  /**
   * {@return a persistent rule for requests that offer the tool {@code name}}
   *
   * @param name the tool's name
   * @throws NullPointerException if {@code name} is {@code null}
   */
  public FakeRule whenToolOffered(String name) {
    Objects.requireNonNull(name, "name");
    return when(request -> request.tool(name).isPresent());
  }

  /**
   * {@return a persistent rule for requests whose response format is {@link ResponseFormat#of(Class)
   * ResponseFormat.of(type)}, as {@code responseFormat(type)} on the request builder sets it}
   *
   * @param type the record the request's answer is read into
   */
  public FakeRule whenResponseFormat(Class<?> type) {
    ResponseFormat format = ResponseFormat.of(type);
    return when(request -> request.responseFormat().equals(format));
  }

  /**
   * {@return a persistent rule for requests that {@code matcher} accepts; it answers every such request,
   * before the queue} Complete it with {@link FakeRule#reply} and friends.
   *
   * @param matcher accepts the requests the rule answers; called on the requesting thread
   * @throws NullPointerException if {@code matcher} is {@code null}
   */
  public FakeRule when(Predicate<InferenceRequest> matcher) {
    return new FakeRule(this, Objects.requireNonNull(matcher, "matcher"));
  }

  /**
   * Waits {@code firstToken} before the first chunk and {@code perChunk} before each further
   * chunk (and before a scripted mid-stream failure). Waits honour the request's latency budget:
   * when the budget runs out first, the request fails with {@link
   * io.infer4j.DeadlineExceededException} as soon as it does. Closing the stream ends a wait at
   * once.
   *
   * @param firstToken the wait before the first chunk; {@link Duration#ZERO} for none
   * @param perChunk the wait before each further chunk; {@link Duration#ZERO} for none
   * @return this fake
   * @throws NullPointerException if a duration is {@code null}
   * @throws IllegalArgumentException if a duration is negative
   */
  public FakeBackend latency(Duration firstToken, Duration perChunk) {
    requireNonNegative("firstToken", firstToken);
    requireNonNegative("perChunk", perChunk);
    synchronized (lock) {
      firstTokenLatency = firstToken;
      perChunkLatency = perChunk;
    }
    return this;
  }

  /**
   * Sets the model name that responses report (default {@value #DEFAULT_MODEL}).
   *
   * @param model the name; not blank
   * @return this fake
   * @throws NullPointerException if {@code model} is {@code null}
   * @throws IllegalArgumentException if {@code model} is blank
   */
  public FakeBackend model(String model) {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    synchronized (lock) {
      this.model = model;
    }
    return this;
  }

  /**
   * Scripts the vector of a text: every later embedding of exactly {@code input} is {@code vector}
   * (a copy). Vectors of one request should have the same dimensions: set {@link
   * #embeddingDimensions} to match when scripted and default vectors meet.
   *
   * @param input the text, matched exactly
   * @param vector its components, at least one
   * @return this fake
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code vector} is empty
   */
  public FakeBackend embedding(String input, float... vector) {
    embeddings.script(input, vector);
    return this;
  }

  /**
   * Sets the dimensions of the default (hashed) embedding vectors.
   *
   * @param dimensions the number of components, default {@value #DEFAULT_EMBEDDING_DIMENSIONS}
   * @return this fake
   * @throws IllegalArgumentException if {@code dimensions} is below 1
   */
  public FakeBackend embeddingDimensions(int dimensions) {
    embeddings.dimensions(dimensions);
    return this;
  }

  /**
   * Turns capabilities off (see the class comment); {@link #reset()} turns them on again. {@code
   * SIMULATED_TIMING} and {@code REMOTE}, which the fake never has, are ignored.
   *
   * @param off the capabilities to turn off
   * @return this fake
   */
  public FakeBackend disable(Capability... off) {
    capabilities.disable(off);
    return this;
  }

  /**
   * From now on {@link #health()} says {@code DOWN} with {@code reason}, for tests of readiness
   * checks and of a router's health; requests are still answered as scripted (script a {@link
   * #fail} for those). {@link #up()} or {@link #reset()} ends it.
   *
   * @param reason why, as {@link io.infer4j.spi.BackendHealth#down} takes it; not blank
   * @return this fake
   * @throws NullPointerException if {@code reason} is {@code null}
   * @throws IllegalArgumentException if {@code reason} is blank
   */
  public FakeBackend down(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason must not be blank");
    }
    synchronized (lock) {
      downReason = reason;
    }
    return this;
  }

  /**
   * Ends {@link #down}: {@link #health()} says {@code UP} again.
   *
   * @return this fake
   */
  public FakeBackend up() {
    synchronized (lock) {
      downReason = null;
    }
    return this;
  }

  /**
   * Forgets the rules, the queue, the latency, the model, the scripted embeddings, the disabled
   * capabilities, the health, the recorded requests and counts; tool call numbers start again at
   * {@code call_1}.
   *
   * @return this fake
   */
  public FakeBackend reset() {
    synchronized (lock) {
      rules.clear();
      queue.clear();
      requests.clear();
      firstTokenLatency = Duration.ZERO;
      perChunkLatency = Duration.ZERO;
      model = DEFAULT_MODEL;
      downReason = null;
      capabilities.reset();
      callsMade = 0;
      embeddings.reset();
      cancelled.set(0);
      closes.set(0);
    }
    return this;
  }

  FakeBackend addRule(Predicate<InferenceRequest> matcher, ScriptedAnswer answer) {
    synchronized (lock) {
      rules.add(new Rule(matcher, answer));
    }
    return this;
  }

  private FakeBackend enqueue(ScriptedAnswer answer) {
    synchronized (lock) {
      queue.addLast(answer);
    }
    return this;
  }

  private static void requireNonNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + d);
    }
  }

  // ---- clients ---------------------------------------------------------------------------

  /**
   * {@return a client over this fake, named {@code "fake"}; the caller closes it} Closing it calls {@link
   * #close()}, which leaves the fake usable.
   */
  public InferenceClient client() {
    return InferenceClients.of("fake", this);
  }

  /**
   * {@return a view of this fake to hand to one client: it shares the script and the records, and its
   * {@code close()} cancels only the generations started through it (and counts in {@link
   * #closeCount()})} The {@code fake} provider hands these out for an installed fake.
   */
  public Backend shared() {
    return new SharedFakeView("fake", this, closes::incrementAndGet);
  }

  // ---- Backend ---------------------------------------------------------------------------

  /** What the fake can do, less what was {@linkplain #disable disabled}. */
  @Override
  public Set<Capability> capabilities() {
    return capabilities.declared();
  }

  /** The scripted latency, with full confidence; empty when {@code LATENCY_ESTIMATE} is disabled. */
  @Override
  public Optional<LatencyEstimate> estimate(InferenceRequest request) {
    if (!capabilities.has(Capability.LATENCY_ESTIMATE)) {
      return Optional.empty();
    }
    synchronized (lock) {
      return Optional.of(new LatencyEstimate(firstTokenLatency, perChunkLatency, 1.0));
    }
  }

  /**
   * Records the request and starts its answer.
   *
   * @throws InferenceException the scripted failure, when the answer is {@link #fail}
   * @throws UnsupportedCapabilityException when the request needs a disabled capability (the
   *     request is not recorded)
   * @throws BackendUnavailableException when the request asks for JSON or requires a tool call
   *     and nothing is scripted for it
   */
  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(deadline, "deadline");
    Set<Capability> needs = EnumSet.copyOf(request.requiredCapabilities());
    needs.add(request.isRawPrompt() ? Capability.RAW_PROMPT : Capability.CHAT);
    ScriptedAnswer answer;
    List<ToolCall> calls;
    Duration first;
    Duration perChunk;
    String reportedModel;
    capabilities.require(needs);
    synchronized (lock) {
      requests.add(request);
      answer = choose(request);
      calls = number(answer.toolCalls());
      first = firstTokenLatency;
      perChunk = perChunkLatency;
      reportedModel = model;
    }
    if (answer == ScriptedAnswer.ECHO) {
      String problem = ScriptedAnswer.whyNotEchoed(request);
      if (problem != null) {
        throw new BackendUnavailableException("fake", "nothing is scripted for this request, and "
            + problem, false);
      }
    }
    if (answer.failAtStart()) {
      throw answer.failure();
    }
    AnswerPlan plan = calls.isEmpty()
        ? AnswerPlan.of(answer.chunksFor(request), answer.failure(), request.sampling())
        : AnswerPlan.ofToolCalls(calls);
    FakeGeneration generation = new FakeGeneration(
        plan, deadline, first, perChunk, reportedModel, WordChunks.countWords(request.text()),
        (g, wasCancelled) -> {
          running.remove(g);
          if (wasCancelled) {
            cancelled.incrementAndGet();
          }
        });
    running.add(generation);
    return generation;
  }

  private ScriptedAnswer choose(InferenceRequest request) {
    for (Rule rule : rules) {
      if (rule.matcher().test(request)) {
        return rule.answer();
      }
    }
    ScriptedAnswer next = queue.pollFirst();
    return next != null ? next : ScriptedAnswer.ECHO;
  }

  /** The scripted calls with ids, numbering those without one. Called under the lock. */
  private List<ToolCall> number(List<FakeToolCall> scripted) {
    List<ToolCall> calls = new ArrayList<>();
    for (FakeToolCall c : scripted) {
      callsMade++;
      calls.add(new ToolCall(c.id() != null ? c.id() : "call_" + callsMade, c.name(), c.arguments()));
    }
    return calls;
  }

  /**
   * Embeds the request's inputs: the scripted vectors, else the default ones (see the class
   * comment), and records the request.
   *
   * @throws UnsupportedCapabilityException when {@code EMBEDDINGS} is disabled
   */
  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, Deadline deadline) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(deadline, "deadline");
    capabilities.require(EnumSet.of(Capability.EMBEDDINGS));
    String reportedModel;
    synchronized (lock) {
      reportedModel = model;
    }
    return embeddings.embed(request, reportedModel);
  }

  /**
   * {@code UP}, or {@code DOWN} with the reason given to {@link #down}; the detail {@code model} is
   * the model responses report. A fake is never {@code CLOSED} (see the class comment on closing;
   * its client is, once closed).
   */
  @Override
  public io.infer4j.spi.BackendHealth health() {
    synchronized (lock) {
      io.infer4j.spi.BackendHealth h = downReason == null
          ? io.infer4j.spi.BackendHealth.up() : io.infer4j.spi.BackendHealth.down(downReason);
      return h.with("model", model);
    }
  }

  /** Cancels the generations still running and counts the close; the fake stays usable. */
  @Override
  public void close() {
    for (FakeGeneration g : running) {
      g.close();
    }
    closes.incrementAndGet();
  }

  // ---- records ---------------------------------------------------------------------------

  /** {@return every request received, in order (a snapshot)} */
  public List<InferenceRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /**
   * {@return the last request received}
   *
   * @throws AssertionError when none was received
   */
  public InferenceRequest lastRequest() {
    synchronized (lock) {
      if (requests.isEmpty()) {
        throw new AssertionError("the fake backend received no requests");
      }
      return requests.get(requests.size() - 1);
    }
  }

  /** {@return how many requests were received} */
  public int requestCount() {
    synchronized (lock) {
      return requests.size();
    }
  }

  /** {@return every embedding request received, in order (a snapshot)} */
  public List<EmbeddingRequest> embeddingRequests() {
    return embeddings.requests();
  }

  /** {@return how many generations were closed (cancelled) before they finished or failed} */
  public int cancelledCount() {
    return cancelled.get();
  }

  /** {@return how many times this fake, or a {@linkplain #shared() shared view} of it, was closed} */
  public int closeCount() {
    return closes.get();
  }

  // ---- assertions ------------------------------------------------------------------------

  /**
   * Asserts how many requests the fake received.
   *
   * @param expected the number of requests, all clients together
   * @return this fake
   * @throws AssertionError unless exactly {@code expected} requests were received
   */
  public FakeBackend assertRequestCount(int expected) {
    RequestChecks.count(requests(), expected);
    return this;
  }

  /**
   * Asserts that the fake received no request.
   *
   * @return this fake
   * @throws AssertionError if any request was received
   */
  public FakeBackend assertNoRequests() {
    RequestChecks.none(requests());
    return this;
  }

  /**
   * Asserts that a request's text contained {@code part}.
   *
   * @param part the text to look for; case-sensitive
   * @return this fake
   * @throws AssertionError unless some request's {@link InferenceRequest#text()} contains {@code
   *     part}
   */
  public FakeBackend assertPromptContains(String part) {
    RequestChecks.promptContains(requests(), Objects.requireNonNull(part, "part"));
    return this;
  }

  /**
   * Asserts that a request offered the tool {@code name}.
   *
   * @param name the tool's name
   * @return this fake
   * @throws AssertionError unless some request offered a tool named {@code name}
   */
  public FakeBackend assertToolOffered(String name) {
    RequestChecks.toolOffered(requests(), Objects.requireNonNull(name, "name"));
    return this;
  }

  /**
   * Asserts that the result of a tool call was sent back.
   *
   * @param toolCallId the id of the call ({@code call_1} for the first numbered one)
   * @return this fake
   * @throws AssertionError unless some request carried the result of the tool call {@code
   *     toolCallId} (a {@link io.infer4j.Role#TOOL} message naming it)
   */
  public FakeBackend assertToolResultSent(String toolCallId) {
    RequestChecks.toolResultSent(requests(), Objects.requireNonNull(toolCallId, "toolCallId"));
    return this;
  }

  @Override
  public String toString() {
    return "FakeBackend[requests=" + requestCount() + "]";
  }
}
