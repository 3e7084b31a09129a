package io.infer4j.gpu.internal.cuda;

/**
 * A kernel launch's grid and block dimensions and dynamic shared memory, with the factories that
 * mirror the launch contracts written above each kernel in {@code src/main/cuda/*.cu}.
 *
 * @param gridX blocks along x, 1 .. 2^31 - 1
 * @param gridY blocks along y, 1 .. 65535
 * @param gridZ blocks along z, 1 .. 65535
 * @param blockX threads along x; blockX * blockY * blockZ at most 1024
 * @param blockY threads along y
 * @param blockZ threads along z
 * @param sharedBytes dynamic shared memory per block in bytes, >= 0
 */
record LaunchConfig(
    int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ, int sharedBytes) {
  /** Warps per block of the matvec kernels: {@code MATVEC_WARPS} in matvec.cu. */
  public static final int MATVEC_WARPS = 4;
  /** Output rows per warp of the plain, residual and QKV matvec kernels (matvec.cu). */
  public static final int MATVEC_ROWS_PER_WARP = 2;
  /** Threads per block of the element-wise and per-row kernels. */
  public static final int ELEMENTWISE_THREADS = 256;
  /** Threads of the argmax kernel's single block (its shared arrays hold 1024 entries). */
  public static final int ARGMAX_THREADS = 1024;
  /** Threads per block of the attention kernel (4 warps). */
  public static final int ATTENTION_THREADS = 128;
  /** The largest head the attention kernel takes: {@code ATTN_MAX_HEAD} in attention.cu. */
  public static final int ATTENTION_MAX_HEAD = 256;

  /**
   * @throws IllegalArgumentException naming the dimension outside CUDA's limits
   */
  public LaunchConfig {
    if (gridX < 1 || gridY < 1 || gridY > 65_535 || gridZ < 1 || gridZ > 65_535) {
      throw new IllegalArgumentException(
          "grid (" + gridX + ", " + gridY + ", " + gridZ + ") is outside CUDA's limits");
    }
    if (blockX < 1 || blockY < 1 || blockZ < 1 || (long) blockX * blockY * blockZ > 1024) {
      throw new IllegalArgumentException("block (" + blockX + ", " + blockY + ", " + blockZ
          + ") must have 1 to 1024 threads");
    }
    if (sharedBytes < 0) {
      throw new IllegalArgumentException("sharedBytes must be >= 0: " + sharedBytes);
    }
  }

  /** Threads in one block. */
  public int threadsPerBlock() {
    return blockX * blockY * blockZ;
  }

  /** Total threads launched. */
  public long totalThreads() {
    return (long) gridX * gridY * gridZ * threadsPerBlock();
  }

  /** {@code ceil(a / b)} for positive {@code b}. */
  public static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /**
   * The plain and residual matvec kernels: two output rows per warp, {@code batch} tokens along
   * grid.y.
   */
  public static LaunchConfig matvec(int rows, int batch) {
    positive("rows", rows);
    positive("batch", batch);
    return new LaunchConfig(ceilDiv(rows, MATVEC_WARPS * MATVEC_ROWS_PER_WARP), batch, 1,
        32 * MATVEC_WARPS, 1, 1, 0);
  }

  /** The SwiGLU matvec kernels: one output row (a gate and an up row) per warp. */
  public static LaunchConfig matvecSwiglu(int rows, int batch) {
    positive("rows", rows);
    positive("batch", batch);
    return new LaunchConfig(ceilDiv(rows, MATVEC_WARPS), batch, 1, 32 * MATVEC_WARPS, 1, 1, 0);
  }

  /** The QKV matvec kernels: {@code rq + 2 * rkv} rows, two per warp. */
  public static LaunchConfig matvecQkv(int rq, int rkv, int batch) {
    positive("rq", rq);
    positive("rkv", rkv);
    return matvec(rq + 2 * rkv, batch);
  }

  /** Embedding: one thread per column, {@code batch} tokens along grid.y. */
  public static LaunchConfig embed(int cols, int batch) {
    positive("cols", cols);
    positive("batch", batch);
    return new LaunchConfig(ceilDiv(cols, ELEMENTWISE_THREADS), batch, 1, ELEMENTWISE_THREADS, 1,
        1, 0);
  }

  /** RoPE with the cache write: one thread per pair of the longer of q and k. */
  public static LaunchConfig ropeKv(int dim, int kvDim, int batch) {
    return rope(Math.max(dim, kvDim), batch);
  }

  /** One thread per element: embedding, SwiGLU, residual add. */
  public static LaunchConfig elementwise(int n) {
    positive("n", n);
    return new LaunchConfig(ceilDiv(n, ELEMENTWISE_THREADS), 1, 1, ELEMENTWISE_THREADS, 1, 1, 0);
  }

  /** One block per row: RMSNorm and softmax over {@code rows} rows. */
  public static LaunchConfig perRow(int rows) {
    positive("rows", rows);
    return new LaunchConfig(rows, 1, 1, ELEMENTWISE_THREADS, 1, 1, 0);
  }

  /** RMSNorm over {@code rows} rows: one block of 1,024 threads per row. */
  public static LaunchConfig rmsnorm(int rows) {
    positive("rows", rows);
    return new LaunchConfig(rows, 1, 1, 1024, 1, 1, 0);
  }

  /** RoPE: one thread per pair of a {@code length}-long vector, {@code batch} tokens on grid.y. */
  public static LaunchConfig rope(int length, int batch) {
    positive("length", length);
    positive("batch", batch);
    if (length % 2 != 0) {
      throw new IllegalArgumentException("RoPE needs an even length: " + length);
    }
    return new LaunchConfig(ceilDiv(length / 2, ELEMENTWISE_THREADS), batch, 1,
        ELEMENTWISE_THREADS, 1, 1, 0);
  }

  /** Attention: one block per (query head, token). */
  public static LaunchConfig attention(int heads, int batch, int headSize) {
    positive("heads", heads);
    positive("batch", batch);
    if (headSize < 1 || headSize > ATTENTION_MAX_HEAD) {
      throw new IllegalArgumentException("the attention kernel takes heads of 1 to "
          + ATTENTION_MAX_HEAD + " elements, not " + headSize);
    }
    return new LaunchConfig(heads, batch, 1, ATTENTION_THREADS, 1, 1, 0);
  }

  /** Queries per block of the tiled prompt attention: {@code PF_QT} in attention.cu. */
  public static final int PREFILL_QUERIES_PER_BLOCK = 16;
  /** The largest head the tiled prompt attention takes: {@code PF_MAX_HEAD} in attention.cu. */
  public static final int PREFILL_MAX_HEAD = 128;

  /** Tiled prompt attention: one block per (query head, 16 consecutive tokens). */
  public static LaunchConfig attentionPrefill(int heads, int batch, int headSize) {
    positive("heads", heads);
    positive("batch", batch);
    if (headSize < 1 || headSize > PREFILL_MAX_HEAD) {
      throw new IllegalArgumentException("the tiled attention kernel takes heads of 1 to "
          + PREFILL_MAX_HEAD + " elements, not " + headSize);
    }
    return new LaunchConfig(heads, ceilDiv(batch, PREFILL_QUERIES_PER_BLOCK), 1,
        ATTENTION_THREADS, 1, 1, 0);
  }

  /** Most positions per chunk of the split decode attention: {@code DEC_MAX_CHUNK}. */
  public static final int DECODE_MAX_CHUNK = 1024;

  /** Split decode attention: one block per (query head, chunk of positions). */
  public static LaunchConfig attentionSplit(int heads, int splits) {
    positive("heads", heads);
    positive("splits", splits);
    return new LaunchConfig(heads, splits, 1, ATTENTION_THREADS, 1, 1, 0);
  }

  /** The merge of the split decode attention's chunks: one block per query head. */
  public static LaunchConfig attentionCombine(int heads) {
    positive("heads", heads);
    return new LaunchConfig(heads, 1, 1, ATTENTION_THREADS, 1, 1, 0);
  }

  /** Most blocks of the first argmax stage: the final stage's 1,024 threads take one each. */
  public static final int ARGMAX_MAX_BLOCKS = 1024;

  /** The first argmax stage over {@code n} values: about 1,024 values per block of 256. */
  public static LaunchConfig argmaxBlocks(int n) {
    positive("n", n);
    return new LaunchConfig(Math.min(ARGMAX_MAX_BLOCKS, ceilDiv(n, 1024)), 1, 1, 256, 1, 1, 0);
  }

  /** The final argmax stage: a single block. */
  public static LaunchConfig argmaxFinal() {
    return new LaunchConfig(1, 1, 1, ARGMAX_THREADS, 1, 1, 0);
  }

  /** Argmax: a single block. */
  public static LaunchConfig argmax() {
    return new LaunchConfig(1, 1, 1, ARGMAX_THREADS, 1, 1, 0);
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be positive: " + v);
    }
  }
}
