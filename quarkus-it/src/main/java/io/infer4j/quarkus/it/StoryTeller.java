package io.infer4j.quarkus.it;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.cdi.Backend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * An application bean as a Quarkus user writes it: the default client (named by {@code
 * infer4j.backend}) writes a story, a named one ({@code critic}) reviews it. Both come from
 * infer4j-sdk-cdi's producers, configured in {@code application.properties}.
 */
@ApplicationScoped
public class StoryTeller {

  private final InferenceClient writer;
  private final InferenceClient critic;

  @Inject
  public StoryTeller(InferenceClient writer, @Backend("critic") InferenceClient critic) {
    this.writer = writer;
    this.critic = critic;
  }

  /** For the container's proxy. */
  protected StoryTeller() {
    this.writer = null;
    this.critic = null;
  }

  /** A story that starts with {@code opening}, and the critic's one-line review of it. */
  public String storyWithReview(String opening) {
    String story = writer.generate(
        InferenceRequest.builder().prompt(opening).maxTokens(64).build()).text();
    String review = critic.generate(
        InferenceRequest.builder().system("Review this story in one line.").user(story)
            .maxTokens(24).build()).text();
    return opening + story + System.lineSeparator() + "-- " + critic.name() + ": " + review;
  }
}
