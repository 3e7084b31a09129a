package io.infer4j.benchmarks.remote;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * infer4j's remote backend against the official {@code com.openai:openai-java} client (issue 6:
 * "no slower"), both talking to the same {@link LoopbackServer} in this process, with plain OkHttp
 * as the floor. For each {@code client} ({@code infer4j}, {@code openai-java}, {@code okhttp}):
 *
 * <ul>
 *   <li>{@link #blocking}: one non-streamed chat completion of 16 tokens, parsed to its text.
 *   <li>{@link #firstToken}: a streamed request up to its first visible token (the time to first
 *       token the client adds); the rest of the stream is read after the measured part, so every
 *       connection goes back to the pool.
 *   <li>{@link #wholeStream}: a streamed request read to its end, token by token.
 * </ul>
 *
 * <p>Sampled time per operation in microseconds (mean and percentiles: on a shared machine the
 * median is far steadier than the mean); one thread by default ({@code -t N -bm thrpt} measures
 * throughput with N threads on one shared client). The set-up checks every client gets
 * the fixed answer, and fails the run otherwise.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// TCP_NODELAY on the loopback server's sockets: without it Nagle's algorithm holds each small
// SSE event until the client's delayed ACK (~40 ms on Linux), which would swamp what is measured.
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow",
    "-Dsun.net.httpserver.nodelay=true"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RemoteClientBenchmark {

  /** The loopback server and one client under test. */
  @State(Scope.Benchmark)
  public static class Client {

    @Param({"infer4j", "openai-java", "okhttp"})
    public String client;

    LoopbackServer server;
    Contender contender;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      server = LoopbackServer.start();
      contender = switch (client) {
        case "infer4j" -> new Infer4jContender(server.baseUrl());
        case "openai-java" -> new OpenAiContender(server.baseUrl());
        case "okhttp" -> new OkHttpContender(server.baseUrl());
        default -> throw new IllegalArgumentException("unknown client: " + client);
      };
      check();
    }

    private void check() {
      String whole = contender.blocking();
      if (!client.equals("okhttp") && !LoopbackServer.TEXT.equals(whole)) {
        throw new IllegalStateException(client + " answered " + whole);
      }
      StringBuilder streamed = new StringBuilder();
      int tokens = 0;
      try (Contender.TokenStream s = contender.stream()) {
        for (String t = s.next(); t != null; t = s.next()) {
          streamed.append(t);
          tokens++;
        }
      }
      if (!client.equals("okhttp") && !LoopbackServer.TEXT.equals(streamed.toString())) {
        throw new IllegalStateException(client + " streamed " + streamed);
      }
      if (tokens < LoopbackServer.TOKENS) {
        throw new IllegalStateException(client + " streamed " + tokens + " tokens");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      contender.close();
      server.close();
    }
  }

  /** A stream opened by {@link #firstToken}, finished outside the measured time. */
  @State(Scope.Thread)
  public static class OpenStream {

    Contender.TokenStream stream;

    @TearDown(Level.Invocation)
    public void drain() {
      if (stream != null) {
        while (stream.next() != null) {
          // read to the end so the connection is reused, as after a real answer
        }
        stream.close();
        stream = null;
      }
    }
  }

  /** A whole non-streamed answer. */
  @Benchmark
  public String blocking(Client c) {
    return c.contender.blocking();
  }

  /** A streamed request up to its first visible token. */
  @Benchmark
  public String firstToken(Client c, OpenStream open) {
    open.stream = c.contender.stream();
    return open.stream.next();
  }

  /** A streamed request read to its end. */
  @Benchmark
  public int wholeStream(Client c) {
    int tokens = 0;
    try (Contender.TokenStream s = c.contender.stream()) {
      while (s.next() != null) {
        tokens++;
      }
    }
    return tokens;
  }
}
