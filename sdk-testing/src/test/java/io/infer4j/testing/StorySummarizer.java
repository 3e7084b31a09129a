package io.infer4j.testing;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;

/**
 * A test fixture standing for application code: it builds its client from configuration in its
 * constructor, knowing nothing about tests.
 */
final class StorySummarizer implements AutoCloseable {

  private final InferenceClient client = InferenceClients.fromConfig();

  String summarize(String story) {
    InferenceRequest request = InferenceRequest.builder()
        .system("Summarize the story in one sentence.")
        .user(story)
        .maxTokens(64)
        .build();
    return client.generate(request).text();
  }

  String backendName() {
    return client.name();
  }

  @Override
  public void close() {
    client.close();
  }
}
