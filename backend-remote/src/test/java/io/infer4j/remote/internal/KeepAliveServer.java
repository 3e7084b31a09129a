package io.infer4j.remote.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server that keeps each connection open between requests and closes it
 * once it has been idle for {@code idleCloseMillis}, as uvicorn (which vLLM runs on) does after
 * its {@code timeout_keep_alive} of 5 s. Every request gets the same complete SSE answer with a
 * {@code Content-Length}. Counts connections, requests, and who closed each idle connection.
 */
final class KeepAliveServer implements AutoCloseable {

  private final ServerSocket socket;
  private final int idleCloseMillis;
  private final byte[] answer;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger closedByServer = new AtomicInteger();
  private final AtomicInteger closedByClient = new AtomicInteger();

  KeepAliveServer(int idleCloseMillis, String sseBody) throws IOException {
    this.idleCloseMillis = idleCloseMillis;
    byte[] body = sseBody.getBytes(StandardCharsets.UTF_8);
    this.answer = concat(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: "
        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "keep-alive-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept() {
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
  }

  /** Answers requests until the client closes the connection or it stays idle too long. */
  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(idleCloseMillis);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        int first;
        try {
          first = in.read(); // the wait between requests: the idle time
        } catch (SocketTimeoutException idle) {
          closedByServer.incrementAndGet();
          return; // closes the socket, as a server's keep-alive timeout does
        }
        if (first < 0) {
          closedByClient.incrementAndGet();
          return;
        }
        s.setSoTimeout(0);
        skipRequest(first, in);
        requests.incrementAndGet();
        out.write(answer);
        out.flush();
        s.setSoTimeout(idleCloseMillis);
      }
    } catch (IOException e) {
      // the client hung up mid-request
    }
  }

  /** Reads the rest of a request whose first byte was {@code first}: headers, then the body. */
  private static void skipRequest(int first, InputStream in) throws IOException {
    StringBuilder head = new StringBuilder().append((char) first);
    int c;
    while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0) {
      head.append((char) c);
    }
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        in.readNBytes(Integer.parseInt(line.substring(15).trim()));
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
  }

  int connections() {
    return connections.get();
  }

  int requests() {
    return requests.get();
  }

  /** Idle connections this server closed (each one a stale connection left in the client's pool). */
  int closedByServer() {
    return closedByServer.get();
  }

  int closedByClient() {
    return closedByClient.get();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
