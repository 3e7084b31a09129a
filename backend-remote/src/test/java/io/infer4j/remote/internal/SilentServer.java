package io.infer4j.remote.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that answers every request with the headers of an event stream and then says
 * nothing, so no first token ever comes: the slow server of a load test. One thread serves every
 * connection (a selector), so a thousand clients cost it one thread, and it counts the
 * connections a client has not closed yet ({@link #openConnections()}), to find leaks.
 *
 * <p>It reads until the end of each request's headers and does not parse the body: a request
 * needs no more to be answered, and whatever follows is read and dropped. Stops itself on
 * {@link #close()}, closing every connection.
 */
final class SilentServer implements AutoCloseable {

  private static final byte[] HEADERS = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  private final Selector selector;
  private final ServerSocketChannel listener;
  private final Thread loop;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  private volatile boolean stopping;

  SilentServer() throws IOException {
    selector = Selector.open();
    listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2048);
    listener.configureBlocking(false);
    listener.register(selector, SelectionKey.OP_ACCEPT);
    loop = new Thread(this::serve, "silent-server");
    loop.setDaemon(true);
    loop.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + listener.socket().getLocalPort() + "/v1";
  }

  /** Connections accepted so far. */
  int acceptedConnections() {
    return accepted.get();
  }

  /** Connections accepted and not yet closed by the client. */
  int openConnections() {
    return open.get();
  }

  private void serve() {
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    try {
      while (!stopping) {
        selector.select(100);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept();
          } else if (key.isReadable()) {
            read(key, buffer);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the selector was closed under the loop: the server is stopping
    } finally {
      closeAll();
    }
  }

  private void accept() throws IOException {
    SocketChannel c;
    while ((c = listener.accept()) != null) {
      c.configureBlocking(false);
      c.register(selector, SelectionKey.OP_READ, new RequestHead());
      accepted.incrementAndGet();
      open.incrementAndGet();
    }
  }

  private void read(SelectionKey key, ByteBuffer buffer) {
    SocketChannel c = (SocketChannel) key.channel();
    RequestHead head = (RequestHead) key.attachment();
    try {
      buffer.clear();
      int n = c.read(buffer);
      if (n < 0) {
        drop(key);
        return;
      }
      buffer.flip();
      if (head.complete(buffer)) {
        c.write(ByteBuffer.wrap(HEADERS)); // a few bytes into an empty socket buffer: all written
      }
    } catch (IOException e) {
      drop(key);
    }
  }

  private void drop(SelectionKey key) {
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException e) {
      // closing a broken connection: nothing more to do
    }
    open.decrementAndGet();
  }

  private void closeAll() {
    for (SelectionKey key : selector.keys()) {
      if (key.channel() instanceof SocketChannel && key.channel().isOpen()) {
        drop(key);
      }
    }
    try {
      listener.close();
      selector.close();
    } catch (IOException e) {
      // stopping anyway
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    selector.wakeup();
    loop.join(5_000);
  }

  /** Finds the end of one request's headers ({@code \r\n\r\n}) across reads; true once, at it. */
  private static final class RequestHead {
    private int matched; // bytes of \r\n\r\n matched so far
    private boolean answered;

    boolean complete(ByteBuffer data) {
      while (data.hasRemaining() && !answered) {
        byte b = data.get();
        boolean expectCr = matched % 2 == 0;
        if (b == (expectCr ? '\r' : '\n')) {
          matched++;
        } else {
          matched = b == '\r' ? 1 : 0;
        }
        if (matched == 4) {
          answered = true;
          return true;
        }
      }
      return false;
    }
  }
}
