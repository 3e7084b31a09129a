/**
 * {@link io.infer4j.runtime.KernelMode#GGML}: the Llama graph computed with the arithmetic of
 * llama.cpp's CPU backend (ggml, llama.cpp build b4916, x86-64 with AVX2, FMA and F16C, no
 * AVX-512), so that greedy tokens agree with that build token for token. Every class names the ggml
 * function it follows; "the same arithmetic" means the same float roundings (fp16 conversions,
 * fused multiply-adds where the compiler emitted them) and the same summation orders (SIMD lanes,
 * reduction trees, sums in double). Slow (scalar Java emulating 8-lane vectors) and not API.
 */
package io.infer4j.runtime.internal.ggml;
