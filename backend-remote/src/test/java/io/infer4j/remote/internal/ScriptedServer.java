package io.infer4j.remote.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer dispatcher that answers like an OpenAI-compatible server with a scripted,
 * deterministic model: "w0 w1 w2 ..." one word per token up to {@code max_tokens} (finish
 * "length"), streamed with {@code pauseMillis} between tokens. A prompt containing "slow" delays
 * the headers by 100 ms.
 */
final class ScriptedServer extends Dispatcher {

  private final ObjectMapper mapper = new ObjectMapper();
  private final long pauseMillis;

  ScriptedServer(long pauseMillis) {
    this.pauseMillis = pauseMillis;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    JsonNode body;
    try {
      body = mapper.readTree(request.getBody().utf8());
    } catch (IOException e) {
      return Remote.json(400, "{\"error\":{\"message\":\"bad json\"}}");
    }
    boolean raw = !request.getUrl().encodedPath().endsWith("/chat/completions");
    int n = body.path("max_tokens").asInt(16);
    boolean slow = body.toString().contains("slow");
    String model = body.path("model").asText("scripted");
    if (!body.path("stream").asBoolean(false)) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < n; i++) {
        text.append(word(i));
      }
      String choice = raw
          ? "{\"index\":0,\"text\":" + Sse.json(text.toString()) + ",\"finish_reason\":\"length\"}"
          : "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + Sse.json(text.toString())
              + "},\"finish_reason\":\"length\"}";
      return new MockResponse.Builder().addHeader("Content-Type", "application/json")
          .headersDelay(slow ? 100 : 0, TimeUnit.MILLISECONDS)
          .body("{\"model\":\"" + model + "\",\"choices\":[" + choice + "],\"usage\":{\"prompt_tokens\":4,"
              + "\"completion_tokens\":" + n + "}}").build();
    }
    Sse sse = Sse.stream();
    for (int i = 0; i < n; i++) {
      String w = Sse.json(word(i));
      sse.data(raw
          ? "{\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"text\":" + w + "}]}"
          : "{\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + w + "}}]}");
    }
    sse.data("{\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}");
    sse.usage(4, n).done();
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
        .headersDelay(slow ? 100 : 0, TimeUnit.MILLISECONDS)
        .body(new Trickle(sse.events(), pauseMillis)).build();
  }

  private static String word(int i) {
    return (i == 0 ? "" : " ") + "w" + i;
  }
}
