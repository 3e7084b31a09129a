package io.infer4j.gpu.internal.cuda;

import java.lang.foreign.MemorySegment;

/**
 * A run of kernel launches recorded once by {@link CudaContext#capture} and replayed as one unit:
 * the driver submits the whole run for the cost of about one launch, so a decode step of a few
 * hundred small kernels spends microseconds on the host instead of one launch's overhead each.
 * The kernels' arguments are fixed at capture; what changes per replay (the token, the position)
 * must be read by the kernels from device memory. Not thread-safe; {@link #close()} frees it.
 */
final class CudaGraph implements AutoCloseable {
  private final CudaContext cuda;
  private final MemorySegment exec;
  private boolean closed;

  CudaGraph(CudaContext cuda, MemorySegment exec) {
    this.cuda = cuda;
    this.exec = exec;
  }

  MemorySegment exec() {
    return exec;
  }

  /** Runs the recorded launches again, asynchronously, in the context's stream. */
  public void replay() {
    if (closed) {
      throw new IllegalStateException("the CUDA graph was closed");
    }
    cuda.replay(exec);
  }

  /** Frees the graph. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      cuda.destroy(this, exec);
    }
  }
}
