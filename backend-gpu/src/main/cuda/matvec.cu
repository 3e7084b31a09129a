#include "common.cuh"

// Matrix-vector products W (rows, cols) @ x (cols) -> out (rows), batched over grid.y for
// prompt processing (token t reads x + t * cols and writes out + t * rows).
//
// Launch (all five kernels): block (32 * MATVEC_WARPS, 1, 1) = 128 threads, one warp per output
// row; grid (ceil(rows / MATVEC_WARPS), batch, 1); no dynamic shared memory. Mirrored in Java by
// LaunchConfig.matvec.
//
// Bandwidth-oriented: the lanes of a warp read consecutive 16-byte pieces of the row (coalesced
// 512-byte warp loads), accumulate in float32 and reduce with warp shuffles. x is read through the
// read-only cache (it is small and reused by every row).
//
// Device layouts (WeightLayout.java writes them on upload):
//   F32  : row-major float32, rows * cols * 4 bytes
//   F16  : row-major IEEE half bits, rows * cols * 2 bytes
//   BF16 : row-major bfloat16 bits, rows * cols * 2 bytes
//   Q8_0 : split GGML blocks: quants int8[rows * cols] row-major, then (separate buffer)
//          scales half[rows * cols / 32]; element = q * scale[element / 32]
//   Q4_0 : split GGML blocks: nibbles uint8[rows * cols / 2], 16 bytes per 32-element block, byte
//          j low nibble = element j, high nibble = element j + 16; scales half[rows * cols / 32];
//          element = (nibble - 8) * scale
// Requirements: cols % 32 == 0 for Q8_0 and Q4_0 (GGML's block size); any cols for F32, F16 and
// BF16 (rows whose length is not a multiple of the vector width take a scalar path). Buffers
// come from cuMemAlloc (256-byte aligned).

#define MATVEC_WARPS 4

// The output row of this thread's warp and the thread's lane in it; moves x and out to token
// blockIdx.y of the batch. False for the warps of the last block that lie past the last row.
__device__ __forceinline__ bool matvec_row(int rows, int cols, const float* __restrict__& x,
                                           float* __restrict__& out, int& row, int& lane) {
  row = blockIdx.x * MATVEC_WARPS + (threadIdx.x >> 5);
  lane = threadIdx.x & 31;
  if (row >= rows) return false;
  x += (long long) blockIdx.y * cols;
  out += (long long) blockIdx.y * rows;
  return true;
}

// Sums the lanes' partial dot products of one row and stores the result (lane 0 writes).
__device__ __forceinline__ void matvec_store(float acc, float* __restrict__ out, int row,
                                             int lane) {
  acc = infer4j_warp_sum(acc);
  if (lane == 0) out[row] = acc;
}

// ---- F32 -----------------------------------------------------------------------------------
extern "C" __global__ void matvec_f32(const float* __restrict__ W, const float* __restrict__ x,
                                      float* __restrict__ out, int rows, int cols) {
  int row, lane;
  if (!matvec_row(rows, cols, x, out, row, lane)) return;
  const float* w = W + (long long) row * cols;
  float acc = 0.0f;
  if ((cols & 3) == 0) {
    const float4* w4 = reinterpret_cast<const float4*>(w);
    const float4* x4 = reinterpret_cast<const float4*>(x);
    int n4 = cols >> 2;
#pragma unroll 4
    for (int i = lane; i < n4; i += 32) {
      float4 a = w4[i];
      float4 b = __ldg(x4 + i);
      acc += a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w;
    }
  } else {
    for (int i = lane; i < cols; i += 32) acc += w[i] * __ldg(x + i);
  }
  matvec_store(acc, out, row, lane);
}

// ---- F16 and BF16 (8 elements per 16-byte load) -------------------------------------------
__device__ __forceinline__ float dot8_f16(uint4 p, const float* x) {
  unsigned int u[4] = {p.x, p.y, p.z, p.w};
  float s = 0.0f;
#pragma unroll
  for (int k = 0; k < 4; k++) {
    s += infer4j_h2f((unsigned short) (u[k] & 0xffffu)) * x[2 * k];
    s += infer4j_h2f((unsigned short) (u[k] >> 16)) * x[2 * k + 1];
  }
  return s;
}

__device__ __forceinline__ float dot8_bf16(uint4 p, const float* x) {
  unsigned int u[4] = {p.x, p.y, p.z, p.w};
  float s = 0.0f;
#pragma unroll
  for (int k = 0; k < 4; k++) {
    s += __int_as_float(u[k] << 16) * x[2 * k];
    s += __int_as_float(u[k] & 0xffff0000u) * x[2 * k + 1];
  }
  return s;
}

__device__ __forceinline__ void load_x8(const float* x, float* v) {
  float4 a = __ldg(reinterpret_cast<const float4*>(x));
  float4 b = __ldg(reinterpret_cast<const float4*>(x) + 1);
  v[0] = a.x; v[1] = a.y; v[2] = a.z; v[3] = a.w;
  v[4] = b.x; v[5] = b.y; v[6] = b.z; v[7] = b.w;
}

extern "C" __global__ void matvec_f16(const unsigned short* __restrict__ W,
                                      const float* __restrict__ x, float* __restrict__ out,
                                      int rows, int cols) {
  int row, lane;
  if (!matvec_row(rows, cols, x, out, row, lane)) return;
  const unsigned short* w = W + (long long) row * cols;
  float acc = 0.0f;
  if ((cols & 7) == 0) {
    const uint4* w8 = reinterpret_cast<const uint4*>(w);
    int n8 = cols >> 3;
#pragma unroll 4
    for (int i = lane; i < n8; i += 32) {
      float xv[8];
      load_x8(x + 8 * i, xv);
      acc += dot8_f16(w8[i], xv);
    }
  } else {
    for (int i = lane; i < cols; i += 32) acc += infer4j_h2f(w[i]) * __ldg(x + i);
  }
  matvec_store(acc, out, row, lane);
}

extern "C" __global__ void matvec_bf16(const unsigned short* __restrict__ W,
                                       const float* __restrict__ x, float* __restrict__ out,
                                       int rows, int cols) {
  int row, lane;
  if (!matvec_row(rows, cols, x, out, row, lane)) return;
  const unsigned short* w = W + (long long) row * cols;
  float acc = 0.0f;
  if ((cols & 7) == 0) {
    const uint4* w8 = reinterpret_cast<const uint4*>(w);
    int n8 = cols >> 3;
#pragma unroll 4
    for (int i = lane; i < n8; i += 32) {
      float xv[8];
      load_x8(x + 8 * i, xv);
      acc += dot8_bf16(w8[i], xv);
    }
  } else {
    for (int i = lane; i < cols; i += 32) acc += infer4j_bf2f(w[i]) * __ldg(x + i);
  }
  matvec_store(acc, out, row, lane);
}

// ---- Q8_0: each lane reads 16 quants (half a block) per step --------------------------------
__device__ __forceinline__ float dot4_i8(unsigned int q, const float* x) {
  return (float) (signed char) (q & 0xffu) * x[0]
       + (float) (signed char) ((q >> 8) & 0xffu) * x[1]
       + (float) (signed char) ((q >> 16) & 0xffu) * x[2]
       + (float) (signed char) (q >> 24) * x[3];
}

extern "C" __global__ void matvec_q8_0(const signed char* __restrict__ Q,
                                       const unsigned short* __restrict__ S,
                                       const float* __restrict__ x, float* __restrict__ out,
                                       int rows, int cols) {
  int row, lane;
  if (!matvec_row(rows, cols, x, out, row, lane)) return;
  const uint4* q16 = reinterpret_cast<const uint4*>(Q + (long long) row * cols);
  const unsigned short* s = S + (long long) row * (cols >> 5);
  int n16 = cols >> 4; // 16-quant pieces in the row, two per block
  float acc = 0.0f;
#pragma unroll 4
  for (int i = lane; i < n16; i += 32) {
    uint4 p = q16[i];
    const float* xp = x + 16 * i;
    float xv[16];
    load_x8(xp, xv);
    load_x8(xp + 8, xv + 8);
    float d = dot4_i8(p.x, xv) + dot4_i8(p.y, xv + 4) + dot4_i8(p.z, xv + 8)
            + dot4_i8(p.w, xv + 12);
    acc += d * infer4j_h2f(__ldg(s + (i >> 1)));
  }
  matvec_store(acc, out, row, lane);
}

// ---- Q4_0: each lane reads one whole block's 16 nibble bytes per step -----------------------
extern "C" __global__ void matvec_q4_0(const unsigned char* __restrict__ N,
                                       const unsigned short* __restrict__ S,
                                       const float* __restrict__ x, float* __restrict__ out,
                                       int rows, int cols) {
  int row, lane;
  if (!matvec_row(rows, cols, x, out, row, lane)) return;
  int blocks = cols >> 5;
  const uint4* n16 = reinterpret_cast<const uint4*>(N + (long long) row * (cols >> 1));
  const unsigned short* s = S + (long long) row * blocks;
  float acc = 0.0f;
#pragma unroll 2
  for (int b = lane; b < blocks; b += 32) {
    uint4 p = n16[b];
    unsigned int u[4] = {p.x, p.y, p.z, p.w};
    const float* xb = x + 32 * b;
    float lo[16], hi[16];
    load_x8(xb, lo);
    load_x8(xb + 8, lo + 8);
    load_x8(xb + 16, hi);
    load_x8(xb + 24, hi + 8);
    float d = 0.0f;
#pragma unroll
    for (int k = 0; k < 4; k++) {
#pragma unroll
      for (int j = 0; j < 4; j++) {
        unsigned int byte = (u[k] >> (8 * j)) & 0xffu;
        d += (float) ((int) (byte & 0x0fu) - 8) * lo[4 * k + j];
        d += (float) ((int) (byte >> 4) - 8) * hi[4 * k + j];
      }
    }
    acc += d * infer4j_h2f(__ldg(s + b));
  }
  matvec_store(acc, out, row, lane);
}
