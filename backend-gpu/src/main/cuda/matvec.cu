#include "common.cuh"

// Matrix-vector products W (rows, cols) @ x (cols) -> out (rows), batched over grid.y for
// prompt processing (token t reads x + t * cols and writes out + t * rows), and the fused forms the
// decode step uses: the residual add (matvec_add_*), SwiGLU over the gate and up products
// (matvec_swiglu_*) and the query, key and value products in one launch (matvec_qkv_*).
//
// Every kernel takes (W, S) per matrix: W the weights, S the Q8_0/Q4_0 scales (ignored, pass 0,
// for F32, F16 and BF16), so all types share one argument list.
//
// Launch: block (32 * MATVEC_WARPS) = 128 threads; grid.y = batch; no dynamic shared memory.
//   matvec_*, matvec_add_*: each warp computes TWO consecutive output rows (the x values a lane
//     loads serve both rows), grid.x = ceil(rows / 8);
//   matvec_swiglu_*: each warp computes row r of the gate and of the up matrix, grid.x =
//     ceil(rows / 4);
//   matvec_qkv_*: rows of q, then k, then v, two per warp, grid.x = ceil((rq + 2 * rkv) / 8).
// Mirrored in Java by LaunchConfig.matvec / matvecSwiglu / matvecQkv.
//
// Bandwidth-oriented: the lanes of a warp read consecutive 16-byte pieces of a row (coalesced
// 512-byte warp loads), accumulate in float32 and reduce with warp shuffles. x is read through the
// read-only cache (it is small and reused by every row). Each row's lane partials are summed in the
// same order as a one-row-per-warp kernel would, so the pairing changes no result. The products
// are fused multiply-adds (fmaf: one rounding per term, as the CPU path's Vector API kernels do;
// the other kernels keep --fmad=false): the int8 and nibble rows are otherwise bound by
// instruction issue rather than by memory.
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

__device__ __forceinline__ void load_x8(const float* x, float* v) {
  float4 a = __ldg(reinterpret_cast<const float4*>(x));
  float4 b = __ldg(reinterpret_cast<const float4*>(x) + 1);
  v[0] = a.x; v[1] = a.y; v[2] = a.z; v[3] = a.w;
  v[4] = b.x; v[5] = b.y; v[6] = b.z; v[7] = b.w;
}

// ---- per-type lane partials of two rows: r0 of (W0, S0) and r1 of (W1, S1), one x -----------
// Each lane takes the row's 16-byte pieces lane, lane + 32, ...; the loops first load MATVEC_U of
// a lane's pieces of both rows, then use them: a decode matvec is bound by how many bytes are in
// flight, and a load issued only after the previous piece's products would leave one piece per
// lane outstanding. The summation order per lane is the plain loop's.

#define MATVEC_U 4

__device__ __forceinline__ void dot2_f32(const void* W0, const unsigned short* S0, int r0,
                                         const void* W1, const unsigned short* S1, int r1,
                                         const float* __restrict__ x, int cols, int lane,
                                         float& a0, float& a1) {
  const float* w0 = static_cast<const float*>(W0) + (long long) r0 * cols;
  const float* w1 = static_cast<const float*>(W1) + (long long) r1 * cols;
  if ((cols & 3) == 0) {
    const float4* p0 = reinterpret_cast<const float4*>(w0);
    const float4* p1 = reinterpret_cast<const float4*>(w1);
    const float4* x4 = reinterpret_cast<const float4*>(x);
    int n4 = cols >> 2;
    for (int base = lane; base < n4; base += 32 * MATVEC_U) {
      float4 a[MATVEC_U], c[MATVEC_U];
#pragma unroll
      for (int u = 0; u < MATVEC_U; u++) {
        int i = base + 32 * u;
        if (i < n4) {
          a[u] = p0[i];
          c[u] = p1[i];
        }
      }
#pragma unroll
      for (int u = 0; u < MATVEC_U; u++) {
        int i = base + 32 * u;
        if (i < n4) {
          float4 b = __ldg(x4 + i);
          a0 = fmaf(a[u].w, b.w, fmaf(a[u].z, b.z, fmaf(a[u].y, b.y, fmaf(a[u].x, b.x, a0))));
          a1 = fmaf(c[u].w, b.w, fmaf(c[u].z, b.z, fmaf(c[u].y, b.y, fmaf(c[u].x, b.x, a1))));
        }
      }
    }
  } else {
    for (int i = lane; i < cols; i += 32) {
      float b = __ldg(x + i);
      a0 = fmaf(w0[i], b, a0);
      a1 = fmaf(w1[i], b, a1);
    }
  }
}

__device__ __forceinline__ float dot8_f16(uint4 p, const float* x) {
  unsigned int u[4] = {p.x, p.y, p.z, p.w};
  float s = 0.0f;
#pragma unroll
  for (int k = 0; k < 4; k++) {
    s = fmaf(infer4j_h2f((unsigned short) (u[k] & 0xffffu)), x[2 * k], s);
    s = fmaf(infer4j_h2f((unsigned short) (u[k] >> 16)), x[2 * k + 1], s);
  }
  return s;
}

__device__ __forceinline__ float dot8_bf16(uint4 p, const float* x) {
  unsigned int u[4] = {p.x, p.y, p.z, p.w};
  float s = 0.0f;
#pragma unroll
  for (int k = 0; k < 4; k++) {
    s = fmaf(__int_as_float(u[k] << 16), x[2 * k], s);
    s = fmaf(__int_as_float(u[k] & 0xffff0000u), x[2 * k + 1], s);
  }
  return s;
}

// F16 and BF16: 8 elements per 16-byte load; BF selects bfloat16.
template <bool BF>
__device__ __forceinline__ void dot2_half(const void* W0, int r0, const void* W1, int r1,
                                          const float* __restrict__ x, int cols, int lane,
                                          float& a0, float& a1) {
  const unsigned short* w0 = static_cast<const unsigned short*>(W0) + (long long) r0 * cols;
  const unsigned short* w1 = static_cast<const unsigned short*>(W1) + (long long) r1 * cols;
  if ((cols & 7) == 0) {
    const uint4* p0 = reinterpret_cast<const uint4*>(w0);
    const uint4* p1 = reinterpret_cast<const uint4*>(w1);
    int n8 = cols >> 3;
    for (int base = lane; base < n8; base += 32 * MATVEC_U) {
      uint4 q0[MATVEC_U], q1[MATVEC_U];
#pragma unroll
      for (int u = 0; u < MATVEC_U; u++) {
        int i = base + 32 * u;
        if (i < n8) {
          q0[u] = p0[i];
          q1[u] = p1[i];
        }
      }
#pragma unroll
      for (int u = 0; u < MATVEC_U; u++) {
        int i = base + 32 * u;
        if (i < n8) {
          float xv[8];
          load_x8(x + 8 * i, xv);
          a0 += BF ? dot8_bf16(q0[u], xv) : dot8_f16(q0[u], xv);
          a1 += BF ? dot8_bf16(q1[u], xv) : dot8_f16(q1[u], xv);
        }
      }
    }
  } else {
    for (int i = lane; i < cols; i += 32) {
      float b = __ldg(x + i);
      a0 = fmaf(BF ? infer4j_bf2f(w0[i]) : infer4j_h2f(w0[i]), b, a0);
      a1 = fmaf(BF ? infer4j_bf2f(w1[i]) : infer4j_h2f(w1[i]), b, a1);
    }
  }
}

__device__ __forceinline__ void dot2_f16(const void* W0, const unsigned short* S0, int r0,
                                         const void* W1, const unsigned short* S1, int r1,
                                         const float* __restrict__ x, int cols, int lane,
                                         float& a0, float& a1) {
  dot2_half<false>(W0, r0, W1, r1, x, cols, lane, a0, a1);
}

__device__ __forceinline__ void dot2_bf16(const void* W0, const unsigned short* S0, int r0,
                                          const void* W1, const unsigned short* S1, int r1,
                                          const float* __restrict__ x, int cols, int lane,
                                          float& a0, float& a1) {
  dot2_half<true>(W0, r0, W1, r1, x, cols, lane, a0, a1);
}

// Q8_0: 4 signed quants of word q against x[0..3], products summed in element order.
__device__ __forceinline__ float dot4_i8(unsigned int q, const float* x) {
  unsigned int b = q ^ 0x80808080u;
  return fmaf(infer4j_s8f(b, 3), x[3], fmaf(infer4j_s8f(b, 2), x[2],
         fmaf(infer4j_s8f(b, 1), x[1], infer4j_s8f(b, 0) * x[0])));
}

__device__ __forceinline__ float dot16_i8(uint4 p, const float* xv) {
  return dot4_i8(p.x, xv) + dot4_i8(p.y, xv + 4) + dot4_i8(p.z, xv + 8) + dot4_i8(p.w, xv + 12);
}

// Q8_0: each lane reads 16 quants (half a block) of each row per piece.
__device__ __forceinline__ void dot2_q8_0(const void* W0, const unsigned short* S0, int r0,
                                          const void* W1, const unsigned short* S1, int r1,
                                          const float* __restrict__ x, int cols, int lane,
                                          float& a0, float& a1) {
  const uint4* q0 = reinterpret_cast<const uint4*>(
      static_cast<const signed char*>(W0) + (long long) r0 * cols);
  const uint4* q1 = reinterpret_cast<const uint4*>(
      static_cast<const signed char*>(W1) + (long long) r1 * cols);
  const unsigned short* s0 = S0 + (long long) r0 * (cols >> 5);
  const unsigned short* s1 = S1 + (long long) r1 * (cols >> 5);
  int n16 = cols >> 4; // 16-quant pieces in the row, two per block
  for (int base = lane; base < n16; base += 32 * MATVEC_U) {
    uint4 p0[MATVEC_U], p1[MATVEC_U];
    unsigned short h0[MATVEC_U], h1[MATVEC_U];
#pragma unroll
    for (int u = 0; u < MATVEC_U; u++) {
      int i = base + 32 * u;
      if (i < n16) {
        p0[u] = q0[i];
        p1[u] = q1[i];
        h0[u] = __ldg(s0 + (i >> 1));
        h1[u] = __ldg(s1 + (i >> 1));
      }
    }
#pragma unroll
    for (int u = 0; u < MATVEC_U; u++) {
      int i = base + 32 * u;
      if (i < n16) {
        float xv[16];
        load_x8(x + 16 * i, xv);
        load_x8(x + 16 * i + 8, xv + 8);
        a0 = fmaf(dot16_i8(p0[u], xv), infer4j_h2f(h0[u]), a0);
        a1 = fmaf(dot16_i8(p1[u], xv), infer4j_h2f(h1[u]), a1);
      }
    }
  }
}

// Q4_0: one block's 16 nibble bytes against x (32 values): low nibbles are elements 0..15, high
// nibbles 16..31; summed in the order (lo_k, hi_k) over k.
__device__ __forceinline__ float dot32_q4(uint4 p, const float* lo, const float* hi) {
  unsigned int u[4] = {p.x, p.y, p.z, p.w};
  float d = 0.0f;
#pragma unroll
  for (int k = 0; k < 4; k++) {
    unsigned int l = u[k] & 0x0f0f0f0fu;
    unsigned int h = (u[k] >> 4) & 0x0f0f0f0fu;
#pragma unroll
    for (int j = 0; j < 4; j++) {
      d = fmaf(infer4j_q4f(l, j), lo[4 * k + j], d);
      d = fmaf(infer4j_q4f(h, j), hi[4 * k + j], d);
    }
  }
  return d;
}

// Q4_0: each lane reads one whole block (16 bytes) of each row per piece.
__device__ __forceinline__ void dot2_q4_0(const void* W0, const unsigned short* S0, int r0,
                                          const void* W1, const unsigned short* S1, int r1,
                                          const float* __restrict__ x, int cols, int lane,
                                          float& a0, float& a1) {
  int blocks = cols >> 5;
  const uint4* n0 = reinterpret_cast<const uint4*>(
      static_cast<const unsigned char*>(W0) + (long long) r0 * (cols >> 1));
  const uint4* n1 = reinterpret_cast<const uint4*>(
      static_cast<const unsigned char*>(W1) + (long long) r1 * (cols >> 1));
  const unsigned short* s0 = S0 + (long long) r0 * blocks;
  const unsigned short* s1 = S1 + (long long) r1 * blocks;
  for (int base = lane; base < blocks; base += 32 * MATVEC_U) {
    uint4 p0[MATVEC_U], p1[MATVEC_U];
    unsigned short h0[MATVEC_U], h1[MATVEC_U];
#pragma unroll
    for (int u = 0; u < MATVEC_U; u++) {
      int b = base + 32 * u;
      if (b < blocks) {
        p0[u] = n0[b];
        p1[u] = n1[b];
        h0[u] = __ldg(s0 + b);
        h1[u] = __ldg(s1 + b);
      }
    }
#pragma unroll
    for (int u = 0; u < MATVEC_U; u++) {
      int b = base + 32 * u;
      if (b < blocks) {
        const float* xb = x + 32 * b;
        float lo[16], hi[16];
        load_x8(xb, lo);
        load_x8(xb + 8, lo + 8);
        load_x8(xb + 16, hi);
        load_x8(xb + 24, hi + 8);
        a0 = fmaf(dot32_q4(p0[u], lo, hi), infer4j_h2f(h0[u]), a0);
        a1 = fmaf(dot32_q4(p1[u], lo, hi), infer4j_h2f(h1[u]), a1);
      }
    }
  }
}

// ---- kernels, one set per type ----------------------------------------------------------------

// Output rows (r0, r1) of this thread's warp when warps take two consecutive rows; r1 == r0 for
// the last of an odd count (computed twice, stored once). False past the last row.
__device__ __forceinline__ bool matvec_pair(int rows, int& r0, int& r1, int& lane) {
  int warp = blockIdx.x * MATVEC_WARPS + (threadIdx.x >> 5);
  lane = threadIdx.x & 31;
  r0 = 2 * warp;
  if (r0 >= rows) return false;
  r1 = r0 + 1 < rows ? r0 + 1 : r0;
  return true;
}

#define INFER4J_MATVEC_KERNELS(T)                                                                  \
  extern "C" __global__ void matvec_##T(const void* __restrict__ W,                               \
                                        const unsigned short* __restrict__ S,                     \
                                        const float* __restrict__ x, float* __restrict__ out,     \
                                        int rows, int cols) {                                     \
    int r0, r1, lane;                                                                             \
    if (!matvec_pair(rows, r0, r1, lane)) return;                                                 \
    x += (long long) blockIdx.y * cols;                                                           \
    out += (long long) blockIdx.y * rows;                                                         \
    float a0 = 0.0f, a1 = 0.0f;                                                                   \
    dot2_##T(W, S, r0, W, S, r1, x, cols, lane, a0, a1);                                          \
    a0 = infer4j_warp_sum(a0);                                                                    \
    a1 = infer4j_warp_sum(a1);                                                                    \
    if (lane == 0) {                                                                              \
      out[r0] = a0;                                                                               \
      if (r1 != r0) out[r1] = a1;                                                                 \
    }                                                                                             \
  }                                                                                               \
                                                                                                  \
  /* out += W x: the residual add fused into the product (out must not alias x). */               \
  extern "C" __global__ void matvec_add_##T(const void* __restrict__ W,                           \
                                            const unsigned short* __restrict__ S,                 \
                                            const float* __restrict__ x, float* __restrict__ out, \
                                            int rows, int cols) {                                 \
    int r0, r1, lane;                                                                             \
    if (!matvec_pair(rows, r0, r1, lane)) return;                                                 \
    x += (long long) blockIdx.y * cols;                                                           \
    out += (long long) blockIdx.y * rows;                                                         \
    float a0 = 0.0f, a1 = 0.0f;                                                                   \
    dot2_##T(W, S, r0, W, S, r1, x, cols, lane, a0, a1);                                          \
    a0 = infer4j_warp_sum(a0);                                                                    \
    a1 = infer4j_warp_sum(a1);                                                                    \
    if (lane == 0) {                                                                              \
      out[r0] += a0;                                                                              \
      if (r1 != r0) out[r1] += a1;                                                                \
    }                                                                                             \
  }                                                                                               \
                                                                                                  \
  /* out[r] = silu(G[r] . x) * (U[r] . x): SwiGLU's gate and up products and their combination. */\
  extern "C" __global__ void matvec_swiglu_##T(const void* __restrict__ G,                        \
                                               const unsigned short* __restrict__ SG,             \
                                               const void* __restrict__ U,                        \
                                               const unsigned short* __restrict__ SU,             \
                                               const float* __restrict__ x,                       \
                                               float* __restrict__ out, int rows, int cols) {     \
    int r = blockIdx.x * MATVEC_WARPS + (threadIdx.x >> 5);                                       \
    int lane = threadIdx.x & 31;                                                                  \
    if (r >= rows) return;                                                                        \
    x += (long long) blockIdx.y * cols;                                                           \
    out += (long long) blockIdx.y * rows;                                                         \
    float g = 0.0f, u = 0.0f;                                                                     \
    dot2_##T(G, SG, r, U, SU, r, x, cols, lane, g, u);                                            \
    g = infer4j_warp_sum(g);                                                                      \
    u = infer4j_warp_sum(u);                                                                      \
    if (lane == 0) out[r] = infer4j_swiglu(g, u);                                                 \
  }                                                                                               \
                                                                                                  \
  /* q = Wq x, k = Wk x, v = Wv x in one launch: rows rq of Wq, then rkv of Wk and of Wv. */      \
  extern "C" __global__ void matvec_qkv_##T(                                                      \
      const void* __restrict__ Wq, const unsigned short* __restrict__ Sq,                         \
      const void* __restrict__ Wk, const unsigned short* __restrict__ Sk,                         \
      const void* __restrict__ Wv, const unsigned short* __restrict__ Sv,                         \
      const float* __restrict__ x, float* __restrict__ q, float* __restrict__ k,                  \
      float* __restrict__ v, int rq, int rkv, int cols) {                                         \
    int i0, i1, lane;                                                                             \
    if (!matvec_pair(rq + 2 * rkv, i0, i1, lane)) return;                                         \
    x += (long long) blockIdx.y * cols;                                                           \
    const void* W[2];                                                                             \
    const unsigned short* S[2];                                                                   \
    float* o[2];                                                                                  \
    int r[2];                                                                                     \
    int idx[2] = {i0, i1};                                                                        \
    _Pragma("unroll") for (int j = 0; j < 2; j++) {                                               \
      int i = idx[j];                                                                             \
      if (i < rq) {                                                                               \
        W[j] = Wq; S[j] = Sq; r[j] = i; o[j] = q + (long long) blockIdx.y * rq;                   \
      } else if (i < rq + rkv) {                                                                  \
        W[j] = Wk; S[j] = Sk; r[j] = i - rq; o[j] = k + (long long) blockIdx.y * rkv;             \
      } else {                                                                                    \
        W[j] = Wv; S[j] = Sv; r[j] = i - rq - rkv; o[j] = v + (long long) blockIdx.y * rkv;       \
      }                                                                                           \
    }                                                                                             \
    float a0 = 0.0f, a1 = 0.0f;                                                                   \
    dot2_##T(W[0], S[0], r[0], W[1], S[1], r[1], x, cols, lane, a0, a1);                          \
    a0 = infer4j_warp_sum(a0);                                                                    \
    a1 = infer4j_warp_sum(a1);                                                                    \
    if (lane == 0) {                                                                              \
      o[0][r[0]] = a0;                                                                            \
      if (i1 != i0) o[1][r[1]] = a1;                                                              \
    }                                                                                             \
  }

INFER4J_MATVEC_KERNELS(f32)
INFER4J_MATVEC_KERNELS(f16)
INFER4J_MATVEC_KERNELS(bf16)
INFER4J_MATVEC_KERNELS(q8_0)
INFER4J_MATVEC_KERNELS(q4_0)
