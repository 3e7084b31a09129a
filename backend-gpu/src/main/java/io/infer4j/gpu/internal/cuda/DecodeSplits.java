package io.infer4j.gpu.internal.cuda;

/**
 * How the decode step's attention is cut over the cached positions (attention.cu's {@code
 * attention_split}): chunks of {@link #chunk()} positions, one block per (head, chunk), and as many
 * chunks as the position's bucket needs. Buckets are powers of two from {@value #MIN_BUCKET}
 * positions up to the context length, so one recorded decode graph serves every position of its
 * bucket, a sequence records at most about log2(context / 256) + 1 graphs, and a short sequence in
 * a long context launches no more blocks than its length needs.
 *
 * @param contextLength the sequence's positions
 * @param chunk positions per block: {@code clamp(ceil(contextLength / 1024), 32, 1024)}, so that
 *     a full context takes at most 1,024 chunks where it can
 */
record DecodeSplits(int contextLength, int chunk) {
  /** The smallest bucket, in positions. */
  static final int MIN_BUCKET = 256;
  /** The fewest positions per chunk. */
  static final int MIN_CHUNK = 32;

  static DecodeSplits of(int contextLength) {
    if (contextLength < 1) {
      throw new IllegalArgumentException("contextLength must be positive: " + contextLength);
    }
    int chunk = (int) Math.min(LaunchConfig.DECODE_MAX_CHUNK,
        Math.max(MIN_CHUNK, ((long) contextLength + 1023) / 1024));
    return new DecodeSplits(contextLength, chunk);
  }

  /** The chunks launched for a token at {@code pos}: those of its bucket. */
  int splitsAt(int pos) {
    long bucket = MIN_BUCKET;
    while (bucket < pos + 1L) {
      bucket <<= 1;
    }
    bucket = Math.min(bucket, contextLength);
    return (int) Math.max(1, (bucket + chunk - 1) / chunk);
  }

  /** The most chunks any position launches. */
  int maxSplits() {
    return (contextLength + chunk - 1) / chunk;
  }
}
