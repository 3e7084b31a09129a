package io.infer4j.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DispatcherThreadsTest {
  static Thread threadOf(ExecutorService e) throws Exception {
    CompletableFuture<Thread> t = new CompletableFuture<>();
    e.execute(() -> t.complete(Thread.currentThread()));
    return t.get(5, TimeUnit.SECONDS);
  }

  @Test
  void callsRunOnNamedVirtualThreadsOnThisJdkAndEndAtShutdown() throws Exception {
    ExecutorService e = DispatcherThreads.create("infer4j-remote-test-");
    Thread t = threadOf(e);
    assertEquals(Runtime.version().feature() >= DispatcherThreads.VIRTUAL_FROM, t.isVirtual());
    assertTrue(t.getName().startsWith("infer4j-remote-test-"), t.getName());
    e.shutdown();
    assertTrue(e.awaitTermination(5, TimeUnit.SECONDS));
  }

  @Test
  void thePropertyAsksForPlatformThreads() throws Exception {
    System.setProperty(DispatcherThreads.PROPERTY, "platform");
    try {
      ExecutorService e = DispatcherThreads.create("infer4j-remote-test-");
      Thread t = threadOf(e);
      assertFalse(t.isVirtual());
      assertTrue(t.isDaemon());
      assertTrue(t.getName().startsWith("infer4j-remote-test-"), t.getName());
      e.shutdown();
      assertTrue(e.awaitTermination(5, TimeUnit.SECONDS));
    } finally {
      System.clearProperty(DispatcherThreads.PROPERTY);
    }
  }
}
