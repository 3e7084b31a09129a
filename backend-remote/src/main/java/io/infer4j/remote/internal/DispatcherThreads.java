package io.infer4j.remote.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run a remote backend's HTTP calls (OkHttp's dispatcher executor). On Java 24
 * and later each call gets a virtual thread; before (where a {@code synchronized} block around
 * blocking I/O pins its carrier, JEP 491), or with system property {@value #PROPERTY}{@code
 * =platform}, a cached pool of daemon platform threads. Virtual
 * threads keep a burst of HTTP work (hundreds of connections opening, or closing, at once) off the
 * operating system's run queue, where hundreds of platform threads would take the processor from
 * the few carrier threads that run an application's virtual threads; their blocking socket reads
 * park instead of holding a thread. Names start with {@link HttpRemoteBackend#THREAD_PREFIX}.
 */
final class DispatcherThreads {
  /** System property choosing {@code virtual} (the default on Java 24+) or {@code platform}. */
  static final String PROPERTY = "infer4j.remote.dispatcher-threads";
  /** The first Java release whose virtual threads do not pin in {@code synchronized} (JEP 491). */
  static final int VIRTUAL_FROM = 24;

  private DispatcherThreads() {}

  /** A new executor for one backend's dispatcher; the backend shuts it down at close. */
  static ExecutorService create(String namePrefix) {
    if (!"platform".equals(System.getProperty(PROPERTY))
        && Runtime.version().feature() >= VIRTUAL_FROM) {
      ExecutorService virtual = virtualThreads(namePrefix);
      if (virtual != null) {
        return virtual;
      }
    }
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, namePrefix + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * {@code Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(prefix, 1).factory())},
   * looked up reflectively (this module compiles for Java 17); null without virtual threads.
   */
  static ExecutorService virtualThreads(String namePrefix) {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      builder = builderType.getMethod("name", String.class, long.class)
          .invoke(builder, namePrefix, 1L);
      ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
      Method perTask = java.util.concurrent.Executors.class
          .getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
      return (ExecutorService) perTask.invoke(null, factory);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // a JVM before 21 (or one without the API): platform threads
    }
  }
}
