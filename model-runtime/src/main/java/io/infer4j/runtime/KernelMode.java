package io.infer4j.runtime;

/** Which CPU kernels a model's sessions run. */
public enum KernelMode {
  /**
   * Plain loops that read like the math, in run.c's float32 order: slow, and token-exact against
   * llama2.c's run.c.
   */
  REFERENCE,
  /**
   * Vector API dot products spread over the common fork-join pool: faster; logits differ from
   * {@link #REFERENCE} by float rounding only, so long greedy runs can eventually pick another
   * token where two were nearly tied.
   */
  VECTOR,
  /**
   * As {@link #VECTOR}, except that block-quantized weights are multiplied with the activations
   * quantized as llama.cpp quantizes them, in integer dot products per block: Q8_0 with Q8_0
   * activations (per block of 32: an fp16 scale {@code max|x| / 127} and int8 values, as {@code
   * vec_dot_q8_0_q8_0}); Q4_K, Q5_K and Q6_K with Q8_K activations (each super-block's integer
   * sum exact, as llama.cpp's, the float steps between super-blocks in another order); Q4_0, Q4_1,
   * Q5_0 and Q5_1 with llama.cpp b4916's own products (those of {@link #GGML}) where they are not
   * regrouped (below). F32, F16 and BF16 weights as {@link #VECTOR}. Decodes faster than {@link
   * #VECTOR} on Q8_0 and K-quant files (the products run in 16-bit lanes). Where 512-bit vectors
   * are native (AVX-512) the model's Q8_0, Q4_0, Q4_1, Q5_0, Q5_1 and K-quant matrices are also
   * regrouped at load, 32 rows to a group with a row per vector lane (the codes of all but Q8_0,
   * Q4_0, Q4_1 and Q4_K unpacked to a byte each; Q5_0 and Q5_1 blocks become the Q8_0 blocks of
   * their codes, Q5_1's with their offsets beside), and decode multiplies those: about 1.1x (Q8_0),
   * 1.3x (Q4_K), 2x (Q5_K, Q6_K) and 12-20x (Q4_0, Q5_0, Q4_1, Q5_1) faster, at the cost of a copy
   * beside the mapped file (the file's Q8_0, Q4_0 and Q4_1 bytes, 6% more than its Q4_K bytes,
   * 31%, 50%, 55% and 64% more than the file's for Q6_K, Q5_1, Q5_0 and Q5_K) and of the time to
   * build it (1.2-3.6 s for a 1.1B-parameter file on a 2-core VM), made only if it fits 90% of
   * the memory the system says is available (Linux's {@code MemAvailable}) or {@code
   * -Dinfer4j.int8.regroupBudget=BYTES}, else the file's layout with one warning line;
   * {@code -Dinfer4j.int8.regroup=false} turns it off. Prompts of 8 tokens or more (12 for Q6_K,
   * 16 for Q5_K) take {@link #VECTOR}'s float batch path, which is faster there (each row
   * dequantized once for the whole batch, from the mapped file); shorter batches take the integer
   * products. The backends' choice for files of float weights where the Vector API module is
   * present ({@link #AUTO}).
   */
  VECTOR_INT8,
  /**
   * llama.cpp's own CPU arithmetic (ggml, build b4916, x86-64 AVX2 with FMA and F16C): its F16 KV
   * cache, its fp16 and int8 roundings of activations, its exp approximation and its summation
   * orders, op by op, for token-exact agreement with that build of llama.cpp on Llama-family
   * files. F32, F16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K and Q6_K weights follow it (their
   * activations quantized to Q8_0, Q8_1 or Q8_K as llama.cpp does); BF16 runs in float32 (not
   * llama.cpp's order). Its {@code cosf}, {@code sinf}, {@code powf} and {@code expf} are the C
   * library's, called through the FFM API when native access is enabled for this module (else
   * correctly rounded values, which differ in rare last bits). The quantized products run in the
   * Vector API with ggml's lanes, bit-identical to scalar forms kept as their reference; so do
   * the F32 and F16 products' float lanes, while attention's softmax and the element-wise ops are
   * scalar code emulating vector lanes. Where 512-bit vectors are native, Q8_0, Q5_0, Q4_0 and
   * K-quant matrices are also regrouped at load as {@link #VECTOR_INT8} regroups them (the same copy
   * beside the mapped file; {@code -Dinfer4j.int8.regroup=false} turns it off) and multiplied a
   * row per vector lane in ggml's order, the same bits; prompts of 8 tokens or more take tiles of
   * several tokens per pass over the same lanes, still the same bits. On a 1.1B-parameter file
   * on a 2-vCPU Xeon (2026-12-06, benchmarks/README.md): Q8_0 decode about 1.05x and prompts
   * about 1.0x llama.cpp's speed ({@link #VECTOR_INT8}: the same decode, prompts 1.45x faster);
   * Q4_K about 0.95x decode, 1.0x prompts; Q5_K and Q6_K decode 0.9-1.1x, prompts 1.3-1.6x.
   * Where memory is read faster than its products run, {@link #VECTOR_INT8} decodes faster (its
   * block sums are one integer, ggml's are eight floats). Q5_0 runs in Q8_0's lanes, Q4_0 (of the
   * shapes llama.cpp repacks, {@code rows % 8 == 0}) in nibble lanes with one accumulator per
   * output as b4916's repacked {@code gemv} keeps, Q5_1 in Q8_0's lanes and Q4_1 in nibble lanes
   * with their offsets added as {@code vec_dot_q5_1_q8_1} adds them; other Q4_0 shapes are read a
   * row at a time from the file, about 10x slower. The kernels {@link #AUTO} picks for
   * block-quantized files.
   */
  GGML,
  /**
   * Chosen per model file at load ({@code LlamaModel.kernels()} says which): {@link #GGML} where
   * a matrix the layers or the classifier multiply is block-quantized and every such matrix is
   * one {@link #GGML} multiplies in vector lanes (Q8_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K, and
   * Q4_0 of the shapes llama.cpp repacks), so that the greedy tokens of llama.cpp's own quantized
   * files are llama.cpp's; {@link #VECTOR_INT8} for files of float weights (F32, F16, BF16,
   * llama2.c checkpoints), where it is the faster, and for files with Q4_0 matrices of other
   * shapes, which {@link #GGML} reads from the file's layout about 10x more slowly (llama.cpp's
   * tokens there are one key away: {@code kernels=ggml}); {@link #REFERENCE} for all without the
   * Vector API module. The backends' default ({@code KernelChoice.defaultMode()}).
   */
  AUTO
}
