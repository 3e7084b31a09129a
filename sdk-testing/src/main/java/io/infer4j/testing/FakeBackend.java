package io.infer4j.testing;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.spi.Backend;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.LatencyEstimate;
import io.infer4j.testing.internal.AnswerPlan;
import io.infer4j.testing.internal.FakeGeneration;
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
 * <p><b>Responses.</b> Usage is reported: prompt tokens = the words of the request text,
 * completion tokens = the chunks delivered. The model is {@code "fake-model"} unless set with
 * {@link #model}. Timing is measured by the client, so {@link #latency} shows in it.
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

  private record Rule(Predicate<InferenceRequest> matcher, ScriptedAnswer answer) {}

  private final Object lock = new Object();
  private final List<Rule> rules = new ArrayList<>(); // guarded by lock
  private final Deque<ScriptedAnswer> queue = new ArrayDeque<>(); // guarded by lock
  private final List<InferenceRequest> requests = new ArrayList<>(); // guarded by lock
  private Duration firstTokenLatency = Duration.ZERO; // guarded by lock
  private Duration perChunkLatency = Duration.ZERO; // guarded by lock
  private String model = DEFAULT_MODEL; // guarded by lock

  private final Set<FakeGeneration> running = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cancelled = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();

  private FakeBackend() {}

  /** A fake with nothing scripted: it echoes every request, without latency. */
  public static FakeBackend create() {
    return new FakeBackend();
  }

  // ---- scripting -------------------------------------------------------------------------

  /** Queues one answer: {@code text}, streamed in word chunks. */
  public FakeBackend reply(String text) {
    return enqueue(ScriptedAnswer.text(text));
  }

  /** Queues one answer streamed as exactly these chunks. */
  public FakeBackend replyChunks(String... chunks) {
    return enqueue(ScriptedAnswer.chunks(Arrays.asList(chunks)));
  }

  /**
   * Queues one failure: the request fails with {@code failure} when it starts, so {@code
   * generate} and {@code stream} throw it as it is.
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
   */
  public FakeBackend failAfterChunks(InferenceException failure, String... chunks) {
    return enqueue(ScriptedAnswer.failureAfter(Arrays.asList(chunks), failure));
  }

  /** A persistent rule for requests whose {@link InferenceRequest#text()} contains {@code part}. */
  public FakeRule whenPromptContains(String part) {
    Objects.requireNonNull(part, "part");
    return when(request -> request.text().contains(part));
  }

  /**
   * A persistent rule for requests that {@code matcher} accepts; it answers every such request,
   * before the queue. Complete it with {@link FakeRule#reply} and friends.
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

  /** The model name that responses report. */
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

  /** Forgets the rules, the queue, the latency, the model, the recorded requests and counts. */
  public FakeBackend reset() {
    synchronized (lock) {
      rules.clear();
      queue.clear();
      requests.clear();
      firstTokenLatency = Duration.ZERO;
      perChunkLatency = Duration.ZERO;
      model = DEFAULT_MODEL;
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
   * A client over this fake, named {@code "fake"}; the caller closes it. Closing it calls {@link
   * #close()}, which leaves the fake usable.
   */
  public InferenceClient client() {
    return InferenceClients.of("fake", this);
  }

  /**
   * A view of this fake to hand to one client: it shares the script and the records, and its
   * {@code close()} cancels only the generations started through it (and counts in {@link
   * #closeCount()}). The {@code fake} provider hands these out for an installed fake.
   */
  public Backend shared() {
    return new SharedFakeView("fake", this, closes::incrementAndGet);
  }

  // ---- Backend ---------------------------------------------------------------------------

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.RAW_PROMPT,
        Capability.CHAT,
        Capability.STREAMING,
        Capability.SEEDED_SAMPLING,
        Capability.LATENCY_ESTIMATE);
  }

  /** The scripted latency, with full confidence. */
  @Override
  public Optional<LatencyEstimate> estimate(InferenceRequest request) {
    synchronized (lock) {
      return Optional.of(new LatencyEstimate(firstTokenLatency, perChunkLatency, 1.0));
    }
  }

  /**
   * Records the request and starts its answer.
   *
   * @throws InferenceException the scripted failure, when the answer is {@link #fail}
   */
  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(deadline, "deadline");
    ScriptedAnswer answer;
    Duration first;
    Duration perChunk;
    String reportedModel;
    synchronized (lock) {
      requests.add(request);
      answer = choose(request);
      first = firstTokenLatency;
      perChunk = perChunkLatency;
      reportedModel = model;
    }
    if (answer.failAtStart()) {
      throw answer.failure();
    }
    AnswerPlan plan = AnswerPlan.of(answer.chunksFor(request), answer.failure(), request.sampling());
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

  /** Cancels the generations still running and counts the close; the fake stays usable. */
  @Override
  public void close() {
    for (FakeGeneration g : running) {
      g.close();
    }
    closes.incrementAndGet();
  }

  // ---- records ---------------------------------------------------------------------------

  /** Every request received, in order (a snapshot). */
  public List<InferenceRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /**
   * The last request received.
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

  /** How many requests were received. */
  public int requestCount() {
    synchronized (lock) {
      return requests.size();
    }
  }

  /** How many generations were closed (cancelled) before they finished or failed. */
  public int cancelledCount() {
    return cancelled.get();
  }

  /** How many times this fake, or a {@linkplain #shared() shared view} of it, was closed. */
  public int closeCount() {
    return closes.get();
  }

  // ---- assertions ------------------------------------------------------------------------

  /**
   * @throws AssertionError unless exactly {@code expected} requests were received
   */
  public FakeBackend assertRequestCount(int expected) {
    List<InferenceRequest> seen = requests();
    if (seen.size() != expected) {
      throw new AssertionError(
          "expected " + expected + " request(s) to the fake backend but got " + seen.size()
              + describe(seen));
    }
    return this;
  }

  /** @throws AssertionError if any request was received */
  public FakeBackend assertNoRequests() {
    List<InferenceRequest> seen = requests();
    if (!seen.isEmpty()) {
      throw new AssertionError(
          "expected no requests to the fake backend but got " + seen.size() + describe(seen));
    }
    return this;
  }

  /**
   * @throws AssertionError unless some request's {@link InferenceRequest#text()} contains {@code
   *     part}
   */
  public FakeBackend assertPromptContains(String part) {
    Objects.requireNonNull(part, "part");
    List<InferenceRequest> seen = requests();
    for (InferenceRequest r : seen) {
      if (r.text().contains(part)) {
        return this;
      }
    }
    throw new AssertionError(
        "expected a request whose text contains \"" + part + "\" but "
            + (seen.isEmpty() ? "the fake backend received no requests" : "got" + describe(seen)));
  }

  private static String describe(List<InferenceRequest> seen) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < seen.size(); i++) {
      sb.append(i == 0 ? ": " : ", ").append('[').append(i + 1).append("] \"")
          .append(abbreviate(seen.get(i).text())).append('"');
    }
    return sb.toString();
  }

  private static String abbreviate(String text) {
    String oneLine = text.replace("\n", "\\n");
    return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
  }

  @Override
  public String toString() {
    return "FakeBackend[requests=" + requestCount() + "]";
  }
}
