package io.infer4j.runtime.internal.model;

/**
 * The heap cannot hold the KV cache a sequence has grown to. The message gives the figures and
 * what to change: the context length (the most positions a sequence may grow to) or the heap.
 * The session that threw it stays as it was and may be dropped; memory is freed with it.
 */
public final class KvCacheMemoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long bytesNeeded;
  private final long bytesAvailable;

  /**
   * @param positions the positions the sequence was growing to
   * @param bytesNeeded the bytes the growth would have allocated
   * @param bytesHeld the bytes the cache already holds
   * @param fullContextBytes the bytes a cache of the whole context would hold
   * @param cause the allocation that failed
   */
  public KvCacheMemoryException(
      int positions, long bytesNeeded, long bytesHeld, long fullContextBytes, Throwable cause) {
    this(positions, bytesNeeded, bytesHeld, fullContextBytes, freeHeap(),
        Runtime.getRuntime().maxMemory(), cause);
  }

  private KvCacheMemoryException(int positions, long bytesNeeded, long bytesHeld,
      long fullContextBytes, long bytesAvailable, long maxHeap, Throwable cause) {
    super(message(positions, bytesNeeded, bytesHeld, fullContextBytes, bytesAvailable, maxHeap),
        cause);
    this.bytesNeeded = bytesNeeded;
    this.bytesAvailable = bytesAvailable;
  }

  /** Heap bytes not in use (right after an OutOfMemoryError the JVM has just collected). */
  private static long freeHeap() {
    Runtime heap = Runtime.getRuntime();
    return heap.maxMemory() - (heap.totalMemory() - heap.freeMemory());
  }

  private static String message(int positions, long needed, long held, long full, long available,
      long max) {
    return "out of heap memory for the KV cache: growing it to " + positions + " positions needs "
        + needed + " more bytes (it holds " + held + "), and " + available + " of the heap's "
        + max + " bytes are free; a full context takes " + full + " bytes: lower the"
        + " context-length setting (ModelOptions.withContextLength) or raise the heap (-Xmx)";
  }

  /** Bytes the failed growth would have allocated. */
  public long bytesNeeded() {
    return bytesNeeded;
  }

  /** Heap bytes not in use when the growth failed. */
  public long bytesAvailable() {
    return bytesAvailable;
  }
}
