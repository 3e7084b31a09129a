package io.infer4j;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The stream {@link InferenceStream#of(String...)} makes: fixed chunks, delivered at once, then a
 * response built the way {@link InferenceResponse#of(String)} builds one. It keeps the interface's
 * contract (iterate once; closing early ends the iteration and the response says {@link
 * FinishReason#CANCELLED}). One consumer thread; {@link #close()} from any thread.
 */
final class StubStream implements InferenceStream {

  private final List<String> chunks;
  private final StringBuilder delivered = new StringBuilder();
  private int next; // index of the next chunk to deliver
  private boolean iteratorTaken;
  private volatile boolean closed;

  StubStream(List<String> chunks) {
    this.chunks = chunks;
  }

  @Override
  public Iterator<TokenChunk> iterator() {
    if (iteratorTaken) {
      throw new IllegalStateException("an InferenceStream can be iterated only once");
    }
    iteratorTaken = true;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !closed && next < chunks.size();
      }

      @Override
      public TokenChunk next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return deliver();
      }
    };
  }

  @Override
  public InferenceResponse response() {
    while (!closed && next < chunks.size()) {
      deliver(); // consume what the caller did not read
    }
    boolean complete = next == chunks.size();
    return InferenceResponse.of(delivered.toString(),
        complete ? FinishReason.STOP : FinishReason.CANCELLED, Usage.counted(0, next));
  }

  @Override
  public void close() {
    closed = true;
  }

  private TokenChunk deliver() {
    String text = chunks.get(next);
    delivered.append(text);
    return TokenChunk.of(next++, text);
  }
}
