#include "common.cuh"

// Causal multi-head attention over one layer's KV cache, with grouped-query heads (GQA): query
// head h reads KV head h / (heads / kvHeads), as the model runtime's LlamaForward does.
//
//   q     (batch, heads * headSize)         queries of the batch's tokens, RoPE applied
//   kc,vc (contextLength, kvHeads * headSize) this layer's key and value cache; rows pos0 ..
//                                            pos0 + batch - 1 already hold the batch's keys/values
//   att   (batch, heads, contextLength)      scratch for the scores
//   out   (batch, heads * headSize)          softmax(q k^T / sqrt(headSize)) v per head
// Token t of the batch sits at position p0 + t and attends to positions 0 .. p0 + t, where p0 =
// *pos when pos is not null (a decode step reading its position from device memory, so that a
// captured graph replays unchanged) and pos0 otherwise.
// Launch: block (128) = 4 warps, grid (heads, batch); headSize <= 256 (static shared memory).
#define ATTN_MAX_HEAD 256

extern "C" __global__ void attention(const float* __restrict__ q, const float* __restrict__ kc,
                                     const float* __restrict__ vc, float* att,
                                     float* __restrict__ out, int headSize, int heads,
                                     int kvHeads, const int* __restrict__ posPtr, int pos0,
                                     int contextLength) {
  __shared__ float qs[ATTN_MAX_HEAD];
  __shared__ float scratch[32];
  int h = blockIdx.x;
  int t = blockIdx.y;
  int pos = (posPtr != 0 ? *posPtr : pos0) + t;
  int dim = heads * headSize;
  int kvDim = kvHeads * headSize;
  int kvOff = (h / (heads / kvHeads)) * headSize;
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  const float* qr = q + (long long) t * dim + h * headSize;
  float* a = att + ((long long) t * heads + h) * contextLength;

  for (int i = threadIdx.x; i < headSize; i += blockDim.x) qs[i] = qr[i];
  __syncthreads();

  // scores: one warp per cached position, lanes over the head's dimensions
  float scale = sqrtf((float) headSize);
  for (int s = warp; s <= pos; s += warps) {
    const float* k = kc + (long long) s * kvDim + kvOff;
    float d = 0.0f;
    for (int i = lane; i < headSize; i += 32) d += qs[i] * k[i];
    d = infer4j_warp_sum(d);
    if (lane == 0) a[s] = d / scale;
  }
  __syncthreads();

  // softmax over positions 0 .. pos
  float m = -3.402823466e38f;
  for (int s = threadIdx.x; s <= pos; s += blockDim.x) m = fmaxf(m, a[s]);
  m = infer4j_block_max(m, scratch);
  float sum = 0.0f;
  for (int s = threadIdx.x; s <= pos; s += blockDim.x) {
    float e = expf(a[s] - m);
    a[s] = e;
    sum += e;
  }
  sum = infer4j_block_sum(sum, scratch);
  for (int s = threadIdx.x; s <= pos; s += blockDim.x) a[s] /= sum;
  __syncthreads();

  // weighted sum of values: threads over the head's dimensions (coalesced reads of a value row)
  float* o = out + (long long) t * dim + h * headSize;
  for (int i = threadIdx.x; i < headSize; i += blockDim.x) {
    float acc = 0.0f;
    for (int s = 0; s <= pos; s++) acc += a[s] * vc[(long long) s * kvDim + kvOff + i];
    o[i] = acc;
  }
}

// ---- prompt attention, tiled (flash-attention style, float32 on the CUDA cores) ---------------
// The same contract as `attention` for a batch of n prompt tokens at positions pos0 .. pos0+n-1
// (whose keys and values are already in the cache), without the score scratch: a block takes
// PF_QT consecutive tokens of one query head, walks the cached positions in tiles of PF_KT keys
// and values staged in shared memory (so each tile read from L2 serves all PF_QT queries), and
// keeps a running softmax (max, sum) per query, rescaling its output as the max grows.
// Mathematically the softmax of `attention`; rounding differs (exponentials taken against a
// running max, sums in another order).
// Launch: block (128) = 4 warps, each warp 4 of the block's 16 queries; grid (heads,
// ceil(n / 16)); headSize <= 128.
#define PF_QT 16
#define PF_KT 32
#define PF_MAX_HEAD 128
#define PF_QPW 4   // queries per warp
#define PF_DPL 4   // head dimensions per lane (PF_MAX_HEAD / 32)

extern "C" __global__ void attention_prefill(const float* __restrict__ q,
                                             const float* __restrict__ kc,
                                             const float* __restrict__ vc, float* __restrict__ out,
                                             int headSize, int heads, int kvHeads, int pos0,
                                             int n) {
  __shared__ float qs[PF_QT][PF_MAX_HEAD];
  __shared__ float ks[PF_KT][PF_MAX_HEAD + 1];  // +1: lanes read one row each, no bank conflict
  __shared__ float vs[PF_KT][PF_MAX_HEAD];
  const float NEG_INF = __int_as_float(0xff800000);
  int h = blockIdx.x;
  int t0 = blockIdx.y * PF_QT;
  int dim = heads * headSize;
  int kvDim = kvHeads * headSize;
  int kvOff = (h / (heads / kvHeads)) * headSize;
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;

  for (int i = threadIdx.x; i < PF_QT * headSize; i += blockDim.x) {
    int r = i / headSize, d = i - r * headSize;
    int t = t0 + r;
    qs[r][d] = t < n ? q[(long long) t * dim + h * headSize + d] : 0.0f;
  }

  float m[PF_QPW], l[PF_QPW], o[PF_QPW][PF_DPL];
#pragma unroll
  for (int i = 0; i < PF_QPW; i++) {
    m[i] = NEG_INF;
    l[i] = 0.0f;
#pragma unroll
    for (int j = 0; j < PF_DPL; j++) o[i][j] = 0.0f;
  }
  int last = min(t0 + PF_QT, n) - 1;
  int maxPos = pos0 + last;
  float scale = sqrtf((float) headSize);

  for (int base = 0; base <= maxPos; base += PF_KT) {
    __syncthreads();  // the previous tile (and, the first time, the queries) are complete
    for (int i = threadIdx.x; i < PF_KT * headSize; i += blockDim.x) {
      int r = i / headSize, d = i - r * headSize;
      int p = base + r;
      bool in = p <= maxPos;
      long long off = (long long) p * kvDim + kvOff + d;
      ks[r][d] = in ? kc[off] : 0.0f;
      vs[r][d] = in ? vc[off] : 0.0f;
    }
    __syncthreads();

    int p = base + lane;  // this lane's key position in the tile
#pragma unroll
    for (int i = 0; i < PF_QPW; i++) {
      int r = warp * PF_QPW + i;
      int qpos = pos0 + t0 + r;
      float s = 0.0f;
      for (int d = 0; d < headSize; d++) s += qs[r][d] * ks[lane][d];
      s = s / scale;
      if (p > qpos || t0 + r >= n) s = NEG_INF;
      float mNew = fmaxf(m[i], infer4j_warp_max(s));
      if (mNew == NEG_INF) continue;  // nothing visible yet for this query
      float pj = s == NEG_INF ? 0.0f : expf(s - mNew);
      float alpha = m[i] == NEG_INF ? 0.0f : expf(m[i] - mNew);
      l[i] = l[i] * alpha + infer4j_warp_sum(pj);
      m[i] = mNew;
#pragma unroll
      for (int j = 0; j < PF_DPL; j++) o[i][j] *= alpha;
      for (int k = 0; k < PF_KT; k++) {
        float w = __shfl_sync(0xffffffffu, pj, k);
#pragma unroll
        for (int j = 0; j < PF_DPL; j++) {
          int d = lane + 32 * j;
          if (d < headSize) o[i][j] += w * vs[k][d];
        }
      }
    }
  }

#pragma unroll
  for (int i = 0; i < PF_QPW; i++) {
    int t = t0 + warp * PF_QPW + i;
    if (t >= n) continue;
    float* dst = out + (long long) t * dim + h * headSize;
#pragma unroll
    for (int j = 0; j < PF_DPL; j++) {
      int d = lane + 32 * j;
      if (d < headSize) dst[d] = o[i][j] / l[i];
    }
  }
}

// ---- decode attention, split over the cached positions (flash-decoding) -----------------------
// One token (a decode step) at position p = *pos (pos not null) or pos0. The positions 0 .. p are
// cut into chunks of `chunk`; block (h, s) takes chunk s of query head h: its scores, their max m
// and the sum l of exp(score - m), and o = sum exp(score - m) * value, written to
// part[(h * splits + s) * (headSize + 2) ..] as (m, l, o[0 .. headSize)). A chunk past p writes
// m = -inf, l = 0. attention_combine then merges the chunks of each head:
// out = sum_s exp(m_s - M) o_s / sum_s exp(m_s - M) l_s with M the largest m_s. The split count
// (gridDim.y) is fixed per launch, so a recorded graph can replay it at every position up to
// splits * chunk - 1; many blocks per head keep the whole GPU busy where one block per head would
// walk a long context alone.
// Launch: attention_split block (128) (the value sums of a head of 128 or fewer take
// 128 / headSize groups of threads, each over every groups-th position), grid (heads, splits),
// chunk <= 1024, headSize <= 256;
// attention_combine block (128), grid (heads).
#define DEC_MAX_CHUNK 1024
#define DEC_LANES 4  // lanes that share one position's score (a power of two up to 32)

extern "C" __global__ void attention_split(const float* __restrict__ q,
                                           const float* __restrict__ kc,
                                           const float* __restrict__ vc, float* __restrict__ part,
                                           int headSize, int heads, int kvHeads,
                                           const int* __restrict__ posPtr, int pos0, int chunk) {
  __shared__ float qs[ATTN_MAX_HEAD];
  __shared__ float e[DEC_MAX_CHUNK];
  __shared__ float scratch[32];
  int h = blockIdx.x, s = blockIdx.y, splits = gridDim.y;
  int pos = posPtr != 0 ? *posPtr : pos0;
  int begin = s * chunk;
  int end = min(begin + chunk, pos + 1);
  float* pm = part + ((long long) h * splits + s) * (headSize + 2);
  if (begin >= end) {
    if (threadIdx.x == 0) {
      pm[0] = __int_as_float(0xff800000);
      pm[1] = 0.0f;
    }
    return;
  }
  int kvDim = kvHeads * headSize;
  int kvOff = (h / (heads / kvHeads)) * headSize;
  for (int i = threadIdx.x; i < headSize; i += blockDim.x) qs[i] = q[h * headSize + i];
  __syncthreads();

  // scores: DEC_LANES lanes per position, so a pass of the block covers blockDim.x / DEC_LANES
  // positions and every lane's key loads are in flight together (one position per warp would
  // wait for each key in turn)
  float scale = sqrtf((float) headSize);
  int group = threadIdx.x / DEC_LANES;  // the position this lane works on, within a pass
  int j = threadIdx.x % DEC_LANES;      // this lane's dimensions: j, j + DEC_LANES, ...
  int perPass = blockDim.x / DEC_LANES;
  for (int p0 = begin; p0 < end; p0 += perPass) {
    int p = p0 + group;
    float d = 0.0f;
    if (p < end) {
      const float* k = kc + (long long) p * kvDim + kvOff;
#pragma unroll 8
      for (int i = j; i < headSize; i += DEC_LANES) d = fmaf(qs[i], k[i], d);
    }
#pragma unroll
    for (int o = DEC_LANES / 2; o > 0; o >>= 1) d += __shfl_xor_sync(0xffffffffu, d, o);
    if (p < end && j == 0) e[p - begin] = d / scale;
  }
  __syncthreads();

  int count = end - begin;
  float m = -3.402823466e38f;
  for (int i = threadIdx.x; i < count; i += blockDim.x) m = fmaxf(m, e[i]);
  m = infer4j_block_max(m, scratch);
  float l = 0.0f;
  for (int i = threadIdx.x; i < count; i += blockDim.x) {
    float x = expf(e[i] - m);
    e[i] = x;
    l += x;
  }
  l = infer4j_block_sum(l, scratch);  // ends with a barrier: e is complete

  // o: the block's threads split into `groups` groups of headSize (as many as fit), group g
  // summing positions g, g + groups, ...; then the groups' sums are added
  int groups = headSize <= blockDim.x ? blockDim.x / headSize : 1;
  int g = threadIdx.x / headSize;
  int i0 = threadIdx.x - g * headSize;
  int step = min(headSize, (int) blockDim.x);  // dims one thread of a group covers per pass
  __shared__ float sums[128];
  for (int i = i0; g < groups && i < headSize; i += step) {
    float acc = 0.0f;
    const float* v = vc + (long long) begin * kvDim + kvOff + i;
#pragma unroll 8
    for (int j = g; j < count; j += groups) acc = fmaf(e[j], v[(long long) j * kvDim], acc);
    if (groups == 1) {
      pm[2 + i] = acc;
    } else {
      sums[g * headSize + i] = acc;
    }
  }
  if (groups > 1) {
    __syncthreads();
    for (int i = threadIdx.x; i < headSize; i += blockDim.x) {
      float acc = 0.0f;
      for (int k = 0; k < groups; k++) acc += sums[k * headSize + i];
      pm[2 + i] = acc;
    }
  }
  if (threadIdx.x == 0) {
    pm[0] = m;
    pm[1] = l;
  }
}

extern "C" __global__ void attention_combine(const float* __restrict__ part,
                                             float* __restrict__ out, int headSize, int heads,
                                             int splits) {
  __shared__ float scratch[32];
  int h = blockIdx.x;
  long long stride = headSize + 2;
  const float* ph = part + (long long) h * splits * stride;
  float mMax = __int_as_float(0xff800000);
  for (int s = threadIdx.x; s < splits; s += blockDim.x) mMax = fmaxf(mMax, ph[s * stride]);
  mMax = infer4j_block_max(mMax, scratch);
  float l = 0.0f;
  for (int s = threadIdx.x; s < splits; s += blockDim.x) {
    const float* p = ph + s * stride;
    if (p[1] > 0.0f) l += p[1] * expf(p[0] - mMax);
  }
  l = infer4j_block_sum(l, scratch);
  for (int i = threadIdx.x; i < headSize; i += blockDim.x) {
    float acc = 0.0f;
    for (int s = 0; s < splits; s++) {
      const float* p = ph + s * stride;
      if (p[1] > 0.0f) acc += p[2 + i] * expf(p[0] - mMax);
    }
    out[h * headSize + i] = acc / l;
  }
}
