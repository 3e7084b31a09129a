package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream that ended cleanly leaves its connection to the pool, even when the server's end of
 * the body comes a little after {@code [DONE]}: the generation does not cancel a call that ended,
 * it lets OkHttp read to the end of the body.
 */
class ConnectionReuseTest {

  private ServerSocket socket;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private Remote remote;

  @BeforeEach
  void start() throws Exception {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          connections.incrementAndGet();
          Thread t = new Thread(() -> serve(s), "keep-alive-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return; // closing
        }
      }
    }, "keep-alive-server");
    acceptor.setDaemon(true);
    acceptor.start();
    remote = Remote.to("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
  }

  @AfterEach
  void stop() throws Exception {
    Within.nothingLeaked(remote);
    socket.close();
  }

  /** Answers requests on one connection until the client closes it; the body ends 100 ms after [DONE]. */
  private void serve(Socket s) {
    try (s) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = s.getOutputStream();
      while (true) {
        int length = -1;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        if (length < 0) {
          return; // the client closed the connection
        }
        in.skip(length);
        requests.incrementAndGet();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(RawServer.chunk(Sse.stream().delta("ok").finish("stop").done().body()));
        out.flush();
        Thread.sleep(100);
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the client hung up
    }
  }

  @Test
  void streamsThatEndedCleanlyShareOneConnection() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals("ok", remote.client.generate(Remote.chat("hi", Duration.ofSeconds(2))).text());
      Thread.sleep(250); // the end of the body arrives meanwhile; the connection goes back to the pool
    }
    assertEquals(3, requests.get());
    assertEquals(1, connections.get(), "one connection for the three requests");
  }
}
