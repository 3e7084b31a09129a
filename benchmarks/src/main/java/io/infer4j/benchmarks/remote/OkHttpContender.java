package io.infer4j.benchmarks.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The floor: plain OkHttp posting a fixed body and reading the bytes, with no JSON parsed and no
 * SDK around it. A client's time minus this one's is what the client adds. A "token" here is a
 * raw {@code data:} line.
 */
final class OkHttpContender implements Contender {

  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient client = new OkHttpClient();
  private final Request whole;
  private final Request streaming;

  OkHttpContender(String baseUrl) {
    String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}],"
        + "\"max_tokens\":" + LoopbackServer.TOKENS;
    this.whole = request(baseUrl, body + "}");
    this.streaming = request(baseUrl, body + ",\"stream\":true}");
  }

  private static Request request(String baseUrl, String json) {
    return new Request.Builder().url(baseUrl + "/chat/completions")
        .header("Authorization", "Bearer sk-bench")
        .post(RequestBody.create(json, JSON)).build();
  }

  @Override
  public String blocking() {
    try (Response r = client.newCall(whole).execute()) {
      return r.body().string();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public TokenStream stream() {
    Response r;
    try {
      r = client.newCall(streaming).execute();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BufferedSource source = r.body().source();
    return new TokenStream() {
      @Override
      public String next() {
        try {
          String line;
          while ((line = source.readUtf8Line()) != null) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
              return line;
            }
          }
          return null;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public void close() {
        r.close();
      }
    };
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
