package io.infer4j.benchmarks.remote;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceStream;
import io.infer4j.TokenChunk;
import java.util.Iterator;
import java.util.Map;

/**
 * infer4j's remote backend as an application configures it ({@code InferenceClients.create
 * ("remote", ...)}): one client with {@code stream=false} for whole answers and one streaming.
 */
final class Infer4jContender implements Contender {

  private final InferenceClient whole;
  private final InferenceClient streaming;
  private final InferenceRequest request;

  Infer4jContender(String baseUrl) {
    this.whole = InferenceClients.create("remote", Map.of(
        "base-url", baseUrl, "api-key", "sk-bench", "model", "m", "stream", "false"));
    this.streaming = InferenceClients.create("remote", Map.of(
        "base-url", baseUrl, "api-key", "sk-bench", "model", "m"));
    this.request = InferenceRequest.builder().user("Say hello.").maxTokens(LoopbackServer.TOKENS).build();
  }

  @Override
  public String blocking() {
    return whole.generate(request).text();
  }

  @Override
  public TokenStream stream() {
    InferenceStream s = streaming.stream(request);
    Iterator<TokenChunk> it = s.iterator();
    return new TokenStream() {
      @Override
      public String next() {
        while (it.hasNext()) {
          String t = it.next().text();
          if (!t.isEmpty()) {
            return t;
          }
        }
        return null;
      }

      @Override
      public void close() {
        s.close();
      }
    };
  }

  @Override
  public void close() {
    whole.close();
    streaming.close();
  }
}
