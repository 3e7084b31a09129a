package io.infer4j.samples.example;

import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.TokenChunk;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Stands for your application code in the unit-test examples: it asks a model for a story title and
 * applies a rule of its own (titles are cut at the first line and never end with a period).
 *
 * <p>It takes its client in the constructor (for the fake and for Mockito), or builds it from
 * configuration ({@code infer4j.backend}) with the no-argument constructor (for the JUnit
 * extension). It owns the client only in the second case.
 */
public final class StoryService implements AutoCloseable {

  private final InferenceClient client;
  private final boolean ownsClient;

  /** Uses the backend chosen by configuration, and closes it on {@link #close()}. */
  public StoryService() {
    this(InferenceClients.fromConfig(), true);
  }

  /** Uses the given client; the caller keeps ownership. */
  public StoryService(InferenceClient client) {
    this(client, false);
  }

  private StoryService(InferenceClient client, boolean ownsClient) {
    this.client = Objects.requireNonNull(client, "client");
    this.ownsClient = ownsClient;
  }

  /**
   * A short title for the story, or "Untitled" when the model's answer was cut off before a
   * whole line came back.
   */
  public String titleFor(String story) {
    InferenceRequest request = InferenceRequest.builder()
        .system("Give the story a title of at most six words.")
        .user(story)
        .maxTokens(16)
        .temperature(0)
        .timeToFirstTokenBudget(Duration.ofSeconds(2))
        .build();
    InferenceResponse answer = client.generate(request);
    String title = answer.text().strip().lines().findFirst().orElse("");
    if (title.isEmpty() || answer.finishReason() == FinishReason.LENGTH && !title.contains(" ")) {
      return "Untitled";
    }
    return title.endsWith(".") ? title.substring(0, title.length() - 1) : title;
  }

  /**
   * Streams a story that starts with {@code opening}: each piece goes to {@code printer} as it
   * arrives, and the whole story is returned at the end.
   */
  public String tellStory(String opening, Consumer<String> printer) {
    InferenceRequest request = InferenceRequest.builder().prompt(opening).maxTokens(200).build();
    try (InferenceStream stream = client.stream(request)) {
      for (TokenChunk chunk : stream) {
        printer.accept(chunk.text());
      }
      return stream.response().text();
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
