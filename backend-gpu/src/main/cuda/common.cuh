#pragma once
// Shared device helpers for the infer4j kernels. Header-free on purpose: NVRTC compiles these
// sources at run time without the CUDA toolkit's include directory, so nothing here includes
// cuda_fp16.h or any system header. Each .cu file includes it and is compiled on its own
// (CudaKernels.java hands it to NVRTC as a named header; the nvcc -ptx build check passes -I).

#define INFER4J_WARP 32

// IEEE half bits -> float (exact), through the PTX conversion instruction.
__device__ __forceinline__ float infer4j_h2f(unsigned short h) {
  float f;
  asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
  return f;
}

// bfloat16 bits -> float (exact): the bits are the top half of a float32.
__device__ __forceinline__ float infer4j_bf2f(unsigned short b) {
  return __int_as_float(((unsigned int) b) << 16);
}

// Sum over the 32 lanes of a warp; every lane gets the result.
__device__ __forceinline__ float infer4j_warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

// Max over the 32 lanes of a warp; every lane gets the result.
__device__ __forceinline__ float infer4j_warp_max(float v) {
  for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

// Sum over the whole block (blockDim.x a multiple of 32, at most 1024); every thread gets the
// result. scratch: 32 floats of shared memory; the call ends with a barrier, so scratch may be
// reused right after.
__device__ __forceinline__ float infer4j_block_sum(float v, float* scratch) {
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  v = infer4j_warp_sum(v);
  if (lane == 0) scratch[warp] = v;
  __syncthreads();
  float t = lane < warps ? scratch[lane] : 0.0f;
  t = infer4j_warp_sum(t);
  __syncthreads();
  return t;
}

// Max over the whole block, as infer4j_block_sum.
__device__ __forceinline__ float infer4j_block_max(float v, float* scratch) {
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  v = infer4j_warp_max(v);
  if (lane == 0) scratch[warp] = v;
  __syncthreads();
  float t = lane < warps ? scratch[lane] : -3.402823466e38f;
  t = infer4j_warp_max(t);
  __syncthreads();
  return t;
}

// ---- exact integer -> float conversions without I2F -----------------------------------------
// The float whose bits are 0x4B0000vv is 2^23 + vv exactly (vv < 256), so placing a byte in the
// low mantissa and subtracting the bias gives the integer's value exactly, in one byte-permute and
// one add: a quarter-rate I2F per element would otherwise cap an int8 matvec near the memory
// bandwidth (16 conversions per 16 weight bytes).

// Signed byte k (0..3) of word w as float. biased = w ^ 0x80808080u (each byte + 128).
__device__ __forceinline__ float infer4j_s8f(unsigned int biased, int k) {
  return __int_as_float(__byte_perm(biased, 0x4B00u, 0x5440u + k)) - 8388736.0f;  // 2^23 + 128
}

// Byte k (0..3) of word w, each byte holding a 4-bit value v, as float (v - 8): GGML Q4_0's nibble.
__device__ __forceinline__ float infer4j_q4f(unsigned int nibbles, int k) {
  return __int_as_float(__byte_perm(nibbles, 0x4B00u, 0x5440u + k)) - 8388616.0f;  // 2^23 + 8
}

// SiLU(g) * u, as the CPU reference computes it (float32, expf).
__device__ __forceinline__ float infer4j_swiglu(float g, float u) {
  g *= 1.0f / (1.0f + expf(-g));
  return g * u;
}
