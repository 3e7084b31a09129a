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
