package io.infer4j.benchmarks.remote;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.Iterator;
import java.util.List;

/**
 * The official OpenAI Java client ({@code com.openai:openai-java}) with its OkHttp transport,
 * retries off (as infer4j's are unused against a healthy server), doing the same requests.
 */
final class OpenAiContender implements Contender {

  private final OpenAIClient client;
  private final ChatCompletionCreateParams params;

  OpenAiContender(String baseUrl) {
    this.client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-bench").maxRetries(0).build();
    this.params = ChatCompletionCreateParams.builder()
        .model("m")
        .addUserMessage("Say hello.")
        .maxCompletionTokens(LoopbackServer.TOKENS)
        .build();
  }

  @Override
  public String blocking() {
    return client.chat().completions().create(params).choices().get(0).message().content().orElse("");
  }

  @Override
  public TokenStream stream() {
    StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params);
    Iterator<ChatCompletionChunk> it = s.stream().iterator();
    return new TokenStream() {
      @Override
      public String next() {
        while (it.hasNext()) {
          List<ChatCompletionChunk.Choice> choices = it.next().choices();
          if (!choices.isEmpty()) {
            String t = choices.get(0).delta().content().orElse("");
            if (!t.isEmpty()) {
              return t;
            }
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
    client.close();
  }
}
