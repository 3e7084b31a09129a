package io.infer4j.support;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;

/** Run in a child JVM by tests: prints the answer of the configured backend to "hi". */
public final class PrintAnswer {
  private PrintAnswer() {}

  public static void main(String[] args) {
    try (InferenceClient client = InferenceClients.fromConfig()) {
      System.out.println(client.generate(
          InferenceRequest.builder().prompt("hi").maxTokens(2).build()).text());
    }
  }
}
