package io.infer4j.gpu.internal.cuda;

/**
 * One token sequence on the GPU, with the same contract as the model runtime's {@code Session}:
 * {@link #forward(int)} appends a token and returns the next-token logits. Not thread-safe;
 * {@link #close()} frees its device KV cache.
 */
final class CudaSequence implements AutoCloseable {
  private final CudaForward forward;
  private final java.util.function.Consumer<CudaForward> release;
  private int position;
  private boolean closed;

  /** @param release takes the device state back when this sequence closes */
  CudaSequence(CudaForward forward, java.util.function.Consumer<CudaForward> release) {
    this.forward = forward;
    this.release = release;
  }

  /** Tokens fed so far. */
  public int position() {
    return position;
  }

  /** The most tokens this sequence can hold. */
  public int contextLength() {
    return forward.config().contextLength();
  }

  /**
   * Feeds {@code token} at the next position and returns the logits for the token after it.
   *
   * @throws IllegalStateException if the context is full
   */
  public float[] forward(int token) {
    checkRoom(1);
    float[] logits = forward.forward(token, position);
    position++;
    return logits;
  }

  /** Feeds {@code token} and returns the greedy next token, computed on the device. */
  public int forwardGreedy(int token) {
    checkRoom(1);
    int next = forward.forwardArgmax(token, position);
    position++;
    return next;
  }

  /** Feeds a prompt in batches and returns the logits after its last token. */
  public float[] prefill(int[] tokens) {
    checkRoom(tokens.length);
    float[] logits = forward.prefill(tokens, position);
    position += tokens.length;
    return logits;
  }

  private void checkRoom(int tokens) {
    if (closed) {
      throw new IllegalStateException("the sequence was closed");
    }
    if (position + tokens > contextLength()) {
      throw new IllegalStateException("context is full: " + position + " of " + contextLength()
          + " positions used, " + tokens + " more asked");
    }
  }

  /** Whether its decode steps replay a recorded CUDA graph. */
  public boolean replaysGraph() {
    return forward.replaysGraph();
  }

  /** Hands the device state back to the engine (which reuses or frees it). Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      release.accept(forward);
    }
  }
}
