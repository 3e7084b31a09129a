package io.infer4j.runtime.shape;

import io.infer4j.ModelNotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Built-in shapes of public model architectures, for planning without weights. Names are matched
 * case-insensitively, ignoring surrounding blanks.
 *
 * <p>Sources: each model's published {@code config.json} (Hugging Face model cards of
 * meta-llama/Llama-2-*-hf, meta-llama/Llama-3.1-*, meta-llama/Llama-3.3-70B-Instruct,
 * mistralai/Mixtral-8x7B-v0.1, TinyLlama/TinyLlama-1.1B, Qwen/Qwen2.5-*-Instruct, Qwen/Qwen3-*,
 * openai/gpt-oss-*) and the header of llama2.c's stories260K checkpoint. The models added for
 * published benchmark figures (Llama 3.1 405B, Qwen2.5, Qwen3, gpt-oss) cite their config next to
 * their entry ({@code https://huggingface.co/<repo>/blob/main/config.json}), field by field
 * ({@code num_hidden_layers}, {@code hidden_size}, {@code num_attention_heads}, {@code
 * num_key_value_heads}, {@code head_dim}, {@code intermediate_size} or {@code
 * moe_intermediate_size}, {@code vocab_size}, {@code num_experts}/{@code num_local_experts}, {@code
 * num_experts_per_tok}, {@code tie_word_embeddings}, {@code max_position_embeddings}).
 *
 * <p>What a shape leaves out, because it changes sizes by well under 1%: projection biases
 * (Qwen2.5's q/k/v biases, gpt-oss's attention, router and expert biases), Qwen3's per-head QK
 * RMSNorm weights and gpt-oss's attention sinks (one value per head per layer). What it leaves out
 * although it changes speed, not size: gpt-oss's alternating 128-token sliding-window layers (every
 * other layer attends to at most 128 positions; the planners treat every layer as full attention,
 * so they overstate gpt-oss's KV cache and long-context attention time by up to 2x). maxContext is
 * the config's {@code max_position_embeddings} as published: Qwen's 128K context needs YaRN turned
 * on in the config by the user, so the Qwen shapes say 32768 or 40960.
 *
 * <p>How the new figures were checked: the build machine cannot reach huggingface.co, so each
 * config was read from copies of it indexed from Hugging Face and GitHub (duplicates and
 * fine-tunes that keep the file, their {@code _name_or_path} naming the original). Where no copy
 * of the whole file was found the entry says which secondary source the figures come from.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelCatalog {

  private static final Map<String, ModelShape> SHAPES = build();

  private ModelCatalog() {}

  private static Map<String, ModelShape> build() {
    Map<String, ModelShape> m = new LinkedHashMap<>();
    // name, layers, dim, heads, kv heads, ffn hidden, vocab, tied, max context
    put(m, ModelShape.dense("llama-2-7b", 32, 4096, 32, 32, 11008, 32000, false, 4096));
    put(m, ModelShape.dense("llama-2-13b", 40, 5120, 40, 40, 13824, 32000, false, 4096));
    put(m, ModelShape.dense("llama-2-70b", 80, 8192, 64, 8, 28672, 32000, false, 4096));
    put(m, ModelShape.dense("llama-3.1-8b", 32, 4096, 32, 8, 14336, 128256, false, 131072));
    put(m, ModelShape.dense("llama-3.1-70b", 80, 8192, 64, 8, 28672, 128256, false, 131072));
    put(m, ModelShape.dense("llama-3.3-70b", 80, 8192, 64, 8, 28672, 128256, false, 131072));
    // 8 SwiGLU experts per layer, 2 routed per token (Mixtral of Experts, arXiv 2401.04088).
    put(m, new ModelShape("mixtral-8x7b", 32, 4096, 32, 8, 14336, 32000, 8, 2, false, 32768));
    // Karpathy's TinyStories model, the project's shared test model (../shared/models); its
    // classifier shares the embedding table.
    put(m, ModelShape.dense("stories260K", 5, 64, 8, 4, 172, 512, true, 512));
    // TinyLlama-1.1B's shape (the synthetic 1B model of the model-runtime issue).
    put(m, ModelShape.dense("tinyllama-1.1b", 22, 2048, 32, 4, 5632, 32000, false, 2048));

    // meta-llama/Llama-3.1-405B(-Instruct) config.json: num_hidden_layers 126, hidden_size 16384,
    // num_attention_heads 128, num_key_value_heads 8, head_dim 128, intermediate_size 53248,
    // vocab_size 128256, tie_word_embeddings false, max_position_embeddings 131072. Early copies of
    // the config (e.g. migtissera/Meta-Llama-3.1-405B) say 16 KV heads; the current one (copies
    // made from meta-llama's snapshot, e.g. uiuc-convai/CoALM-405B) and the Llama 3 paper
    // (arXiv 2407.21783, table 3) say 8. Published size: 405B.
    put(m, ModelShape.dense("llama-3.1-405b", 126, 16384, 128, 8, 53248, 128256, false, 131072));
    // Qwen/Qwen2.5-7B-Instruct config.json: num_hidden_layers 28, hidden_size 3584,
    // num_attention_heads 28, num_key_value_heads 4 (no head_dim key: 3584 / 28 = 128),
    // intermediate_size 18944, vocab_size 152064, tie_word_embeddings false,
    // max_position_embeddings 32768 (128K with YaRN per the model card). Published size: 7.61B.
    // q/k/v biases not counted.
    put(m, ModelShape.dense("qwen2.5-7b", 28, 3584, 28, 4, 18944, 152064, false, 32768));
    // Qwen/Qwen2.5-72B-Instruct config.json: num_hidden_layers 80, hidden_size 8192,
    // num_attention_heads 64, num_key_value_heads 8 (no head_dim key: 8192 / 64 = 128),
    // intermediate_size 29568, vocab_size 152064, tie_word_embeddings false,
    // max_position_embeddings 32768 (128K with YaRN). Published size: 72.7B.
    put(m, ModelShape.dense("qwen2.5-72b", 80, 8192, 64, 8, 29568, 152064, false, 32768));
    // Qwen/Qwen3-32B config.json: num_hidden_layers 64, hidden_size 5120, num_attention_heads 64,
    // num_key_value_heads 8, head_dim 128 (query width 8192 > hidden 5120), intermediate_size
    // 25600, vocab_size 151936, tie_word_embeddings false, max_position_embeddings 40960.
    // Published size: 32.8B.
    put(m, ModelShape.dense("qwen3-32b", 64, 5120, 64, 8, 128, 25600, 151936, false, 40960));
    // Qwen/Qwen3-30B-A3B config.json: num_hidden_layers 48, hidden_size 2048, num_attention_heads
    // 32, num_key_value_heads 4, head_dim 128, moe_intermediate_size 768, num_experts 128,
    // num_experts_per_tok 8, vocab_size 151936, tie_word_embeddings false, max_position_embeddings
    // 40960. No shared expert; every layer is MoE (decoder_sparse_step 1, mlp_only_layers []), so
    // the config's dense intermediate_size (6144) is unused. Published: 30.5B total, 3.3B active.
    // Not seen verbatim: no whole copy of this config.json was found; the figures agree across a
    // test fixture quoting its keys and Ascend MindSpeed-RL's qwen3_30b_a3b.yaml (48 layers, 2048,
    // 32 heads, 4 query groups, kv_channels 128, moe_ffn_hidden_size 768, 128 experts, top 8,
    // vocab 151936, untied, max_position_embeddings 40960).
    put(m, ModelShape.mixtureOfExperts(
        "qwen3-30b-a3b", 48, 2048, 32, 4, 128, 768, 151936, 128, 8, false, 40960));
    // Qwen/Qwen3-235B-A22B config.json: num_hidden_layers 94, hidden_size 4096,
    // num_attention_heads 64, num_key_value_heads 4, head_dim 128, moe_intermediate_size 1536,
    // num_experts 128, num_experts_per_tok 8, vocab_size 151936, tie_word_embeddings false,
    // max_position_embeddings 40960; no shared expert, every layer MoE (intermediate_size 12288
    // unused). Published: 235B total, 22B active.
    put(m, ModelShape.mixtureOfExperts(
        "qwen3-235b-a22b", 94, 4096, 64, 4, 128, 1536, 151936, 128, 8, false, 40960));
    // openai/gpt-oss-20b config.json: num_hidden_layers 24, hidden_size 2880, num_attention_heads
    // 64, num_key_value_heads 8, head_dim 64 (query width 4096 > hidden 2880; 2880 / 64 is not
    // whole), intermediate_size 2880 (per expert), num_local_experts 32, num_experts_per_tok 4,
    // vocab_size 201088, tie_word_embeddings false, max_position_embeddings 131072. Attention
    // sinks, biases and the 128-token sliding window of every other layer are ignored (see above).
    // Published (model card, arXiv 2508.10925): 20.9B total, 3.6B active.
    put(m, ModelShape.mixtureOfExperts(
        "gpt-oss-20b", 24, 2880, 64, 8, 64, 2880, 201088, 32, 4, false, 131072));
    // openai/gpt-oss-120b config.json: as gpt-oss-20b's but num_hidden_layers 36 and
    // num_local_experts 128 (a copied diff of the two files changes only those and layer_types);
    // its original/config.json agrees: num_experts 128, experts_per_token 4, head_dim 64,
    // hidden_size 2880, intermediate_size 2880, num_attention_heads 64, num_key_value_heads 8,
    // vocab_size 201088. Published: 116.8B total, 5.1B active.
    put(m, ModelShape.mixtureOfExperts(
        "gpt-oss-120b", 36, 2880, 64, 8, 64, 2880, 201088, 128, 4, false, 131072));
    return Map.copyOf(m);
  }

  private static void put(Map<String, ModelShape> m, ModelShape shape) {
    m.put(key(shape.name()), shape);
  }

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  /** {@return the catalog's model names, in a stable (sorted) order} */
  public static List<String> names() {
    return SHAPES.values().stream().map(ModelShape::name).sorted().toList();
  }

  /**
   * {@return whether {@code name} is in the catalog; false for null}
   *
   * @param name a model name, case-insensitive, surrounding blanks ignored
   */
  public static boolean contains(String name) {
    return name != null && SHAPES.containsKey(key(name));
  }

  /**
   * {@return the shape of a catalog model}
   *
   * @param name a model name, case-insensitive, surrounding blanks ignored
   * @throws ModelNotFoundException when the name is unknown (or null); the message lists the known
   *     names
   */
  public static ModelShape get(String name) {
    ModelShape shape = name == null ? null : SHAPES.get(key(name));
    if (shape == null) {
      throw new ModelNotFoundException(String.valueOf(name),
          "not in the model catalog; known models: " + String.join(", ", names()));
    }
    return shape;
  }
}
