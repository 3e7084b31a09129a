package io.infer4j.benchmarks.runtime;

import io.infer4j.runtime.Tokenizer;
import io.infer4j.runtime.Tokenizers;
import io.infer4j.runtime.internal.embedded.EmbeddedModel;
import io.infer4j.runtime.internal.structured.OutputConstraint;
import io.infer4j.runtime.internal.structured.OutputGrammar;
import io.infer4j.runtime.internal.structured.TokenBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The cost of constrained decoding's token mask per generated token, on real vocabularies: a
 * document path is made once (random logits, masked and steered, as a model's would be), then
 * replayed on fresh constraints and timed step by step, three ways:
 *
 * <ul>
 *   <li>{@code mask/token}: {@link OutputConstraint#mask} as generation calls it before each
 *       sampling step (per-state mask cache, memoised transitions, logits set to -inf), each
 *       document from a fresh constraint as each request gets one (so its first visits of a
 *       state pay for the walk and for building the transition memo);
 *   <li>{@code walk/state}: the trie walk alone, bypassing the mask cache (memo warm);
 *   <li>{@code reference/state}: every token checked on its own, without trie or memo.
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.infer4j.benchmarks.runtime.MaskSpeed [VOCAB.gguf ...]}: the vocabulary of the model embedded
 * in model-runtime, then each GGUF given (vocabulary-only files will do). Single-threaded. Prints
 * a Markdown table. A benchmark, not a test: figures depend on the machine and its load.
 */
public final class MaskSpeed {
  static final String PERSON = """
      {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},
       "color":{"type":"string","enum":["red","green","blue"]},
       "tags":{"type":"array","items":{"type":"string"},"maxItems":3}},
       "required":["name","age","color","tags"],"additionalProperties":false}""";
  private static final int STEPS = 256;
  private static final int ROUNDS = 5;
  private static final int REFERENCE_STATES = 24;

  private MaskSpeed() {}

  public static void main(String[] args) throws Exception {
    List<String> names = new ArrayList<>();
    List<Tokenizer> vocabularies = new ArrayList<>();
    Path dir = Files.createTempDirectory("mask-speed");
    names.add("stories260K (shipped)");
    vocabularies.add(Tokenizers.fromGguf(EmbeddedModel.extract(dir)));
    for (String a : args) {
      names.add(Path.of(a).getFileName().toString());
      vocabularies.add(Tokenizers.fromGguf(Path.of(a)));
    }
    Locale r = Locale.ROOT;
    TokenBytes warm = TokenBytes.of(vocabularies.getFirst());
    for (int i = 0; i < 3; i++) { // JIT warm-up on the small vocabulary, not reported
      measure(vocabularies.getFirst(), warm, OutputGrammar.jsonObject());
      measure(vocabularies.getFirst(), warm, OutputGrammar.jsonSchema(PERSON, "schema"));
    }
    System.out.println("| vocabulary | tokens | grammar | mask/token mean | p50 | p99 | max"
        + " | walk/state (no cache) | reference/state | reference / walk |");
    System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
    for (int v = 0; v < vocabularies.size(); v++) {
      Tokenizer t = vocabularies.get(v);
      long buildStart = System.nanoTime();
      TokenBytes bytes = TokenBytes.of(t);
      OutputGrammar.jsonObject().start(bytes, t.vocabularySize(), new int[0], new int[0])
          .allowedTokens(-1); // builds the trie once
      double buildMs = (System.nanoTime() - buildStart) / 1e6;
      for (String[] g : new String[][] {{"schema (4 fields)", PERSON}, {"any JSON object", null}}) {
        OutputGrammar grammar = g[1] == null
            ? OutputGrammar.jsonObject() : OutputGrammar.jsonSchema(g[1], "schema");
        Row row = measure(t, bytes, grammar);
        System.out.printf(r, "| %s | %d | %s | %.1f µs | %.1f µs | %.1f µs | %.2f ms | %.1f µs"
                + " | %.2f ms | %.0f× |%n",
            names.get(v), t.vocabularySize(), g[0], row.meanUs, row.p50Us, row.p99Us,
            row.maxMs, row.walkUs, row.referenceMs, row.referenceMs * 1000 / row.walkUs);
      }
      System.err.printf(r, "%s: token bytes and trie built in %.0f ms%n", names.get(v), buildMs);
    }
  }

  private record Row(double meanUs, double p50Us, double p99Us, double maxMs, double walkUs,
      double referenceMs) {}

  /** A path of (previous, token, logits seed) steps: documents one after another. */
  private record Step(boolean restart, int previous, int token, long seed) {}

  private static Row measure(Tokenizer t, TokenBytes bytes, OutputGrammar grammar) {
    int n = t.vocabularySize();
    int[] ends = {t.eosId()};
    int[] banned = {t.bosId(), t.eosId()};
    List<Step> path = path(t, bytes, grammar, ends, banned);
    float[] logits = new float[n];
    double[] perToken = null;
    for (int round = 0; round < ROUNDS; round++) {
      double[] times = new double[path.size()];
      OutputConstraint c = null;
      for (int i = 0; i < path.size(); i++) {
        Step s = path.get(i);
        if (s.restart) {
          c = grammar.start(bytes, n, ends, banned);
        }
        fill(logits, s.seed);
        long t0 = System.nanoTime();
        c.mask(logits, s.previous, STEPS);
        times[i] = System.nanoTime() - t0;
        c.accept(s.previous, s.token);
      }
      if (round == ROUNDS - 1) {
        perToken = times;
      }
    }
    double walk = 0;
    double reference = 0;
    int referenceStates = 0;
    for (int round = 0; round < 3; round++) {
      OutputConstraint c = null;
      long walkNs = 0;
      for (Step s : path) {
        if (s.restart) {
          c = grammar.start(bytes, n, ends, banned);
          c.walkTokens(s.previous); // the memo of this new matcher, built once
        }
        long t0 = System.nanoTime();
        c.walkTokens(s.previous);
        walkNs += System.nanoTime() - t0;
        c.accept(s.previous, s.token);
      }
      walk = walkNs / 1e3 / path.size();
    }
    OutputConstraint c = null;
    long referenceNs = 0;
    for (int i = 0; i < path.size() && referenceStates < REFERENCE_STATES; i++) {
      Step s = path.get(i);
      if (s.restart) {
        c = grammar.start(bytes, n, ends, banned);
      }
      if (i % Math.max(1, path.size() / REFERENCE_STATES) == 0) {
        long t0 = System.nanoTime();
        c.referenceTokens(s.previous);
        referenceNs += System.nanoTime() - t0;
        referenceStates++;
      }
      c.accept(s.previous, s.token);
    }
    reference = referenceNs / 1e6 / referenceStates;
    double[] sorted = perToken.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(perToken).average().orElse(0);
    return new Row(mean / 1e3, sorted[sorted.length / 2] / 1e3,
        sorted[(int) (sorted.length * 0.99)] / 1e3, sorted[sorted.length - 1] / 1e6, walk,
        reference);
  }

  /** Documents made with random logits, masked and steered to end within 64 tokens each. */
  private static List<Step> path(
      Tokenizer t, TokenBytes bytes, OutputGrammar grammar, int[] ends, int[] banned) {
    List<Step> steps = new ArrayList<>();
    Random random = new Random(42);
    int n = t.vocabularySize();
    float[] logits = new float[n];
    while (steps.size() < STEPS) {
      OutputConstraint c = grammar.start(bytes, n, ends, banned);
      int previous = t.eosId() == 0 ? 1 : 0; // any token but BOS
      boolean restart = true;
      for (int used = 0; used < 64 && !c.complete() && steps.size() < STEPS; used++) {
        long seed = random.nextLong();
        fill(logits, seed);
        c.mask(logits, previous, 64 - used);
        int token = argmax(logits);
        if (token == t.eosId()) {
          break;
        }
        steps.add(new Step(restart, previous, token, seed));
        restart = false;
        c.accept(previous, token);
        previous = token;
      }
    }
    return steps;
  }

  private static void fill(float[] logits, long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) r.nextGaussian();
    }
  }

  private static int argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }
}
