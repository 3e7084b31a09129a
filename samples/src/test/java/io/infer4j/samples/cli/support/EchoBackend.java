package io.infer4j.samples.cli.support;

import io.infer4j.BackendUnavailableException;
import io.infer4j.ChatMessage;
import io.infer4j.FinishReason;
import io.infer4j.InferenceRequest;
import io.infer4j.LatencyBudget;
import io.infer4j.Sampling;
import io.infer4j.TokenChunk;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.Capability;
import io.infer4j.spi.Deadline;
import io.infer4j.spi.Generation;
import io.infer4j.spi.GenerationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A test backend that answers with what it received, one {@code key=[value]} chunk per field,
 * separated by spaces: the prompt or messages, every sampling value, the budget in ms, and its
 * instance settings ({@code model}, {@code tokenizer}, {@code base-url}, {@code api-key-env}, only
 * the length of {@code api-key}, and {@code chat-template}).
 *
 * <p>Setting {@code chat=false} makes it declare no {@link Capability#CHAT}, as an in-process
 * model without a chat template does.
 *
 * <p>Setting {@code fail-with} makes it fail: {@code unavailable} fails at start with a message
 * that contains the API key (to check that it is redacted); {@code midstream} fails after the
 * first chunk.
 */
public final class EchoBackend implements Backend {

  private final BackendConfig config;

  public EchoBackend(BackendConfig config) {
    this.config = config;
  }

  @Override
  public Set<Capability> capabilities() {
    Set<Capability> caps = EnumSet.of(Capability.RAW_PROMPT, Capability.STREAMING);
    if (config.getBoolean("chat", true)) {
      caps.add(Capability.CHAT);
    }
    return caps;
  }

  @Override
  public Generation start(InferenceRequest request, Deadline deadline) {
    String failWith = config.getString("fail-with", "");
    if (failWith.equals("unavailable")) {
      throw new BackendUnavailableException(config.instanceName(),
          "refused the key " + config.getString("api-key", "(none)"), false);
    }
    List<String> fields = describe(request);
    boolean failMidstream = failWith.equals("midstream");
    return new Generation() {
      private int next;

      @Override
      public TokenChunk next() {
        if (failMidstream && next == 1) {
          throw new IllegalStateException("echo broke off on purpose");
        }
        if (next >= fields.size()) {
          return null;
        }
        String text = (next == 0 ? "" : " ") + fields.get(next);
        return TokenChunk.of(next++, text);
      }

      @Override
      public GenerationResult result() {
        return GenerationResult.of(FinishReason.STOP, config.model().orElse("echo-model"));
      }

      @Override
      public void close() {}
    };
  }

  private List<String> describe(InferenceRequest request) {
    List<String> f = new ArrayList<>();
    if (request.isRawPrompt()) {
      f.add(field("prompt", request.prompt()));
    } else {
      f.add(messages(request.messages()));
    }
    Sampling s = request.sampling();
    f.add(field("max_tokens", s.maxTokens()));
    f.add(field("temperature", s.temperature()));
    f.add(field("top_p", s.topP()));
    f.add(field("top_k", s.topK()));
    f.add(field("seed", s.seed()));
    f.add(field("stop", String.join(",", s.stop())));
    LatencyBudget b = request.budget();
    f.add(field("ttft_ms", millis(b.timeToFirstToken())));
    f.add(field("total_ms", millis(b.total())));
    f.add(field("model", config.model().orElse("none")));
    f.add(field("tokenizer", config.getString("tokenizer", "none")));
    f.add(field("base_url", config.getString("base-url", "none")));
    f.add(field("api_key_env", config.getString("api-key-env", "none")));
    f.add(field("api_key_chars", config.get("api-key").map(String::length).orElse(0)));
    f.add(field("chat_template", config.getString("chat-template", "none")));
    return f;
  }

  private static String millis(Duration d) {
    return d == null ? "none" : Long.toString(d.toMillis());
  }

  private static String field(String key, Object value) {
    return key + "=[" + value + "]";
  }

  @Override
  public void close() {}

  /** The messages in the form {@link #describe} writes them, for assertions. */
  public static String messages(ChatMessage... messages) {
    return messages(List.of(messages));
  }

  private static String messages(List<ChatMessage> messages) {
    return field("messages", messages.stream()
        .map(m -> m.role().name().toLowerCase(Locale.ROOT) + ":" + m.content())
        .collect(Collectors.joining("|")));
  }
}
