package io.infer4j.remote.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server that answers every request with scripted raw bytes, for faults
 * MockWebServer cannot produce (a malformed or truncated chunked body). Closes the connection
 * after each script.
 */
final class RawServer implements AutoCloseable {

  /** What to write after reading one request. */
  interface Script {
    void answer(OutputStream out) throws IOException, InterruptedException;
  }

  private final ServerSocket socket;
  private final Thread acceptor;
  private final AtomicInteger requests = new AtomicInteger();

  RawServer(Script script) throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          readRequest(s.getInputStream());
          requests.incrementAndGet();
          OutputStream out = s.getOutputStream();
          script.answer(out);
          out.flush();
        } catch (IOException | InterruptedException e) {
          // the client went away, or the server is closing
        }
      }
    }, "raw-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
  }

  int requestCount() {
    return requests.get();
  }

  /** The status line and headers of a 200 chunked SSE response. */
  static byte[] sseHeaders() {
    return ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** One well-formed HTTP chunk carrying {@code text}. */
  static byte[] chunk(String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(data);
    b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  private static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
