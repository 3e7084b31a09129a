package io.infer4j.runtime;

import io.infer4j.BackendUnavailableException;
import io.infer4j.runtime.internal.ggml.GgmlLlamaForward;
import io.infer4j.runtime.internal.kernels.Kernels;
import io.infer4j.runtime.internal.model.BatchedLlamaForward;
import io.infer4j.runtime.internal.model.KvCacheMemoryException;
import io.infer4j.runtime.internal.model.LlamaForward;
import io.infer4j.runtime.internal.model.LlamaWeights;
import java.util.Objects;

/**
 * One token sequence being run through a model: feed tokens with {@link #forward(int)} (one) or
 * {@link #forward(int[], int, int)} (a run of them, such as a prompt), which append them to the KV
 * cache and return the next-token logits.
 *
 * <p>With the reference kernels every token goes through the plain forward pass, one at a time, so
 * the arithmetic is exactly the oracle's. With the vector kernels a run of tokens is processed as
 * a batch, reading each weight row once per batch (prompt processing), and single tokens as
 * batches of one. With {@link KernelMode#GGML} a run of tokens is one llama.cpp ubatch (up to
 * {@value #GGML_UBATCH} tokens) through llama.cpp's arithmetic.
 *
 * <p>The KV cache grows with the tokens fed, a block of positions at a time, not with the context
 * length: a session that has fed 300 tokens holds the keys and values of 512 positions, however
 * long the context.
 *
 * <p>Not thread-safe: use from one thread at a time. Cheap to drop; holds only its own buffers.
 */
public final class Session {
  /**
   * The most tokens one batched call processes at once (longer runs go in several): each weight
   * row is dequantized once per batch, so a 129-token prompt reads the weights twice at 128 where
   * it read them three times at 64 (its prompt 0.96-1.23x as fast, median 1.05x, six pairs on
   * the AVX-512 host, 2026-12-05); the session's batch buffers grow with it (about 11 MB for
   * TinyLlama's widths at 128).
   */
  static final int MAX_BATCH = 128;

  /** llama.cpp's default {@code n_ubatch}: the most tokens one {@link KernelMode#GGML} pass runs. */
  static final int GGML_UBATCH = 512;

  private final String model; // the model file's name, for errors
  private final ModelConfig config;
  private final LlamaForward single; // reference kernels, else null
  private final BatchedLlamaForward batched; // vector kernels, else null
  private final GgmlLlamaForward ggml; // KernelMode.GGML, else null
  private final int[] one = new int[1];
  private int position;

  Session(String model, ModelConfig config, LlamaWeights weights, Kernels kernels,
      boolean batchedPrompts) {
    this.model = model;
    this.config = config;
    this.ggml = null;
    if (batchedPrompts) {
      this.single = null;
      this.batched = new BatchedLlamaForward(config, weights, kernels, MAX_BATCH);
    } else {
      this.single = new LlamaForward(config, weights, kernels);
      this.batched = null;
    }
  }

  /** A session run by llama.cpp's arithmetic ({@link KernelMode#GGML}). */
  Session(String model, ModelConfig config, LlamaWeights weights) {
    this.model = model;
    this.config = config;
    this.single = null;
    this.batched = null;
    this.ggml = new GgmlLlamaForward(config, weights);
  }

  /**
   * Whether a prompt should be fed as one run: llama.cpp evaluates a prompt as one batch, and
   * {@link KernelMode#GGML} follows its arithmetic, which differs between one token and several.
   */
  boolean feedsPromptWhole() {
    return ggml != null;
  }

  /** {@return tokens fed so far (the position the next token takes)} */
  public int position() {
    return position;
  }

  /** {@return the most tokens this session can hold} */
  public int contextLength() {
    return config.contextLength();
  }

  /** Bytes the KV cache holds now (whole blocks of positions). */
  long cacheBytes() {
    if (ggml != null) {
      return ggml.cacheBytes();
    }
    return batched != null ? batched.cacheBytes() : single.cacheBytes();
  }

  /**
   * Feeds {@code token} at the next position and returns the logits for the token after it (one per
   * vocabulary entry; the array is reused by the next call, copy it to keep it).
   *
   * @param token the token id at the next position
   * @return the logits, one per vocabulary entry, reused by the next call
   * @throws IllegalStateException if the context is full
   * @throws IndexOutOfBoundsException if {@code token} is not in the vocabulary
   * @throws BackendUnavailableException (retryable, its backend the model file's name) if the heap
   *     cannot hold the KV cache for one more position; the message gives the bytes needed and
   *     free and names the context-length setting. The position is not advanced.
   */
  public float[] forward(int token) {
    ensureRoom(1);
    float[] logits;
    try {
      if (ggml != null) {
        logits = ggml.forward(new int[] {token}, position);
      } else if (batched != null) {
        one[0] = token;
        logits = batched.forward(one, position);
      } else {
        logits = single.forward(token, position);
      }
    } catch (KvCacheMemoryException e) {
      throw outOfMemory(e);
    }
    position++;
    return logits;
  }

  /**
   * Feeds {@code count} tokens of {@code tokens} from {@code from} at the next positions and
   * returns the logits after the last of them (reused by the next call).
   *
   * @param tokens the array holding the token ids
   * @param from the index in {@code tokens} of the first id to feed
   * @param count how many ids to feed, at least 1
   * @return the logits after the last fed token, reused by the next call
   * @throws IllegalStateException if they do not fit in the context
   * @throws IllegalArgumentException if {@code count < 1}
   * @throws BackendUnavailableException as {@link #forward(int)} when the heap cannot hold the KV
   *     cache for them; the position is not advanced (the next call overwrites what ran)
   */
  public float[] forward(int[] tokens, int from, int count) {
    Objects.checkFromIndexSize(from, count, tokens.length);
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    ensureRoom(count);
    try {
      if (ggml != null) {
        float[] logits = null;
        for (int done = 0; done < count; done += GGML_UBATCH) {
          int part = Math.min(GGML_UBATCH, count - done);
          logits = ggml.forward(
              java.util.Arrays.copyOfRange(tokens, from + done, from + done + part),
              position + done);
        }
        position += count;
        return logits;
      }
      if (batched == null) {
        float[] logits = null;
        for (int i = 0; i < count; i++) {
          logits = single.forward(tokens[from + i], position + i);
        }
        position += count;
        return logits;
      }
      int[] run = java.util.Arrays.copyOfRange(tokens, from, from + count);
      float[] logits = batched.forward(run, position);
      position += count;
      return logits;
    } catch (KvCacheMemoryException e) {
      throw outOfMemory(e);
    }
  }

  /**
   * {@return the final hidden state (dim) after the last token fed: the residual stream after the final
   * rmsnorm, the vector the classifier turns into logits} Reused by the next call: copy it to keep
   * it.
   *
   * @throws IllegalStateException if no token was fed yet
   */
  public float[] hidden() {
    if (position == 0) {
      throw new IllegalStateException("no token was fed yet");
    }
    if (ggml != null) {
      return ggml.hidden();
    }
    return batched != null ? batched.hidden() : single.hidden();
  }

  private BackendUnavailableException outOfMemory(KvCacheMemoryException e) {
    // Retryable: the heap may have room once other sessions end, or on another backend.
    return new BackendUnavailableException(model, e.getMessage(), true, e);
  }

  private void ensureRoom(int tokens) {
    if (position + tokens > contextLength()) {
      throw new IllegalStateException(
          "context is full: "
              + position
              + " of "
              + contextLength()
              + " positions used, "
              + tokens
              + " more asked; load the model with ModelOptions.withContextLength to allow more");
    }
  }
}
