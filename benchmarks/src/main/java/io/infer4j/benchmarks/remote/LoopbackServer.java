package io.infer4j.benchmarks.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny OpenAI-compatible server on 127.0.0.1 (the JDK's {@code com.sun.net.httpserver}) that
 * answers every {@code POST /v1/chat/completions} with the same fixed chat completion of {@link
 * #TOKENS} tokens: one JSON object, or, when the body asks for {@code "stream":true}, one SSE event
 * per token (each flushed on its own, as a serving engine does), a finish chunk, a usage chunk and
 * {@code [DONE]}. Nothing is computed per request beyond reading the body, so every client
 * measured against it pays the same server cost. Its sockets need TCP_NODELAY (system property
 * {@code sun.net.httpserver.nodelay=true}, read when the JDK's server classes load; {@link
 * #start} sets it unless given), or each small event waits for a delayed ACK. Thread-safe; {@link
 * #close()} stops it.
 */
final class LoopbackServer implements AutoCloseable {

  /** Tokens in the fixed answer. */
  static final int TOKENS = 16;
  /** The fixed answer's text. */
  static final String TEXT;

  private static final byte[] WHOLE;
  private static final List<byte[]> EVENTS;

  static {
    StringBuilder text = new StringBuilder();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < TOKENS; i++) {
      String t = (i == 0 ? "" : " ") + "tok" + i;
      tokens.add(t);
      text.append(t);
    }
    TEXT = text.toString();
    String head = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
        + "\"model\":\"m\",\"system_fingerprint\":\"fp_bench\",";
    WHOLE = (head + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
        + TEXT + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":" + TOKENS + ",\"total_tokens\":"
        + (9 + TOKENS) + "}}").getBytes(StandardCharsets.UTF_8);
    String chunkHead = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1700000000,\"model\":\"m\",\"system_fingerprint\":\"fp_bench\",";
    List<byte[]> events = new ArrayList<>();
    events.add((chunkHead + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
        + "\"logprobs\":null,\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
    for (String t : tokens) {
      events.add((chunkHead + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + t + "\"},"
          + "\"logprobs\":null,\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
    }
    events.add((chunkHead + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
        + "\"finish_reason\":\"stop\"}]}\n\n").getBytes(StandardCharsets.UTF_8));
    events.add((chunkHead + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":"
        + TOKENS + ",\"total_tokens\":" + (9 + TOKENS) + "}}\n\n").getBytes(StandardCharsets.UTF_8));
    events.add("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    EVENTS = List.copyOf(events);
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private LoopbackServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a server on an ephemeral port of 127.0.0.1. */
  static LoopbackServer start() throws IOException {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "loopback-server");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", LoopbackServer::answer);
    server.start();
    return new LoopbackServer(server, executor);
  }

  /** The API root, e.g. {@code http://127.0.0.1:41234/v1}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private static void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      boolean stream = new String(body, StandardCharsets.UTF_8).contains("\"stream\":true");
      if (!stream) {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, WHOLE.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(WHOLE);
        }
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0); // chunked
      try (OutputStream out = exchange.getResponseBody()) {
        for (byte[] event : EVENTS) {
          out.write(event);
          out.flush();
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
