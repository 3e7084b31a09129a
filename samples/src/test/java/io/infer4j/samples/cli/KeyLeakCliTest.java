package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server that echoes the API key wherever a server can put text never gets it printed: not on
 * stdout, not in the error line, not in {@code --verbose}'s retry lines and stack trace. The key
 * comes from a config file, so the command line's own masking of {@code --api-key} plays no part:
 * the backend masks it itself. Also {@code --api-key-env} given the key, and a one-character key.
 */
class KeyLeakCliTest {

  private static final String KEY = "gsk_CliLeak0123456789abcdefXYZ";

  /** Where the server echoes the key: one raw HTTP answer per connection. */
  enum Echo {
    MALFORMED_CHUNK(whole("200 OK", "text/event-stream", "data: " + KEY + "\n\n")),
    ERROR_BODY(whole("401 Unauthorized", "application/json", "{\"error\":{\"message\":\"Incorrect"
        + " API key provided: " + KEY + "\",\"type\":\"" + KEY + "\",\"code\":\"" + KEY + "\"}}")),
    CONTENT_TYPE(whole("200 OK", "text/" + KEY, "hello")),
    STATUS_LINE("HTTP/1.1 " + KEY + "\r\n\r\n"),
    BROKEN_STREAM("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked"
        + "\r\nConnection: close\r\n\r\n1 " + KEY + "\r\n");

    final String answer;

    Echo(String answer) {
      this.answer = answer;
    }

    private static String whole(String status, String type, String body) {
      return "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: "
          + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
    }
  }

  @TempDir Path dir;
  private ServerSocket socket;

  @AfterEach
  void stop() throws IOException {
    if (socket != null) {
      socket.close();
    }
  }

  /** Answers every request with {@code answer}; returns the base URL. */
  private String serve(String answer) throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          readHead(s.getInputStream());
          OutputStream out = s.getOutputStream();
          out.write(answer.getBytes(StandardCharsets.UTF_8));
          out.flush();
        } catch (IOException e) {
          // closing
        }
      }
    }, "echoing-server");
    t.setDaemon(true);
    t.start();
    return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
  }

  /** Reads the request's head; the body is left unread (the answer does not depend on it). */
  private static void readHead(InputStream in) throws IOException {
    int last4 = 0;
    for (int c; (c = in.read()) != -1; ) {
      last4 = (last4 << 8) | c;
      if (last4 == 0x0d0a0d0a) {
        return;
      }
    }
  }

  private CliResult generate(String base, boolean verbose, String... extra) {
    Path config = Cli.configFile(dir, "infer4j.backends.remote.api-key=" + KEY,
        "infer4j.backends.remote.max-retries=1", "infer4j.backends.remote.backoff=10ms");
    List<String> args = new ArrayList<>(List.of("generate", "--backend", "remote", "--config",
        config.toString(), "--base-url", base, "--model", "m", "--prompt", "hi", "--stream"));
    if (verbose) {
      args.add("--verbose");
    }
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @ParameterizedTest
  @EnumSource(Echo.class)
  void anEchoedKeyIsNotPrinted(Echo echo) throws Exception {
    String base = serve(echo.answer);

    for (boolean verbose : new boolean[] {false, true}) {
      CliResult r = generate(base, verbose);

      assertTrue(r.exitCode() != 0, r::toString);
      assertFalse(r.out().contains(KEY) || r.err().contains(KEY), r::toString);
      assertTrue(r.err().contains("****"), "the echo was there, masked: " + r);
      String error = r.errLines().stream().filter(l -> l.startsWith("error: ")).findFirst()
          .orElseThrow();
      assertFalse(error.contains(KEY), error);
      if (verbose) {
        assertTrue(r.err().contains("infer4j: backend 'remote': attempt 1 of 2"), r::toString);
        assertTrue(r.err().contains("\tat "), "the stack trace is printed: " + r);
      }
    }
  }

  @Test
  void aKeyGivenToApiKeyEnvIsATypedErrorThatDoesNotPrintIt() {
    for (String key : new String[] {"sk-proj-CliEnv0123456789", "gsk_3kT9qLm0ZpWx7Yb2Nc4Rv8UaQe5Hd1Jf"}) {
      for (boolean verbose : new boolean[] {false, true}) {
        List<String> args = new ArrayList<>(List.of("generate", "--backend", "remote",
            "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--prompt", "hi",
            "--api-key-env", key));
        if (verbose) {
          args.add("--verbose");
        }
        CliResult r = Cli.run(args.toArray(String[]::new));

        assertEquals(ExitCode.INVALID_CONFIGURATION.code(), r.exitCode(), r::toString);
        assertFalse(r.out().contains(key) || r.err().contains(key), r::toString);
        assertTrue(r.errLines().get(0).startsWith("error: InvalidConfigurationException:"
            + " --api-key-env=****: takes the NAME of an environment variable"), r::toString);
        assertTrue(r.errLines().get(0).contains("not the key itself"), r::toString);
      }
    }
  }

  @Test
  void aOneCharacterKeyDoesNotMangleWords() throws Exception {
    String base = serve(Echo.whole("401 Unauthorized", "application/json",
        "{\"error\":{\"message\":\"backend rejects key k\"}}"));

    CliResult r = Cli.run("generate", "--backend", "remote", "--base-url", base, "--model", "m",
        "--prompt", "hi", "--api-key", "k");

    assertEquals(ExitCode.BACKEND_UNAVAILABLE.code(), r.exitCode(), r::toString);
    assertEquals(List.of("error: BackendUnavailableException: backend 'remote' unavailable:"
        + " authentication failed (HTTP 401): backend rejects key ****; check api-key"),
        r.errLines());
  }
}
