package io.infer4j.runtime.internal.kernels;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A timing tool, not a test: {@link BatchDots#panel} on one thread, a panel of rows against a
 * batch of tokens already packed, in GFLOP/s (two per multiply-add), beside the multiply-adds
 * alone on registers (twelve independent accumulators, no loads: what one core can do). Usage
 * (after {@code mvn -pl model-runtime -am test-compile}): {@code java --add-modules
 * jdk.incubator.vector -cp model-runtime/target/classes:model-runtime/target/test-classes
 * io.infer4j.runtime.internal.kernels.BatchDotsSpeed N ROWS TOKENS [ROUNDS]}. Prints the best of
 * the rounds after a third of them as warm-up.
 */
public final class BatchDotsSpeed {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  private BatchDotsSpeed() {}

  /** GFLOP/s of the panel and of multiply-adds on registers, each the best of its timed rounds. */
  record Timing(double panelGflops, double registerGflops, float checksum) {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    int rows = Integer.parseInt(args[1]);
    int tokens = Integer.parseInt(args[2]);
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    Timing t = run(n, rows, tokens, rounds, 2_000_000);
    System.out.printf("BatchDots.panel %d rows x %d floats, %d tokens, %d lanes: %.1f GFLOP/s;"
            + " multiply-adds on registers: %.1f GFLOP/s (checksum %s)%n",
        rows, n, tokens, F.length(), t.panelGflops(), t.registerGflops(), t.checksum());
  }

  /** {@code registerSteps}: steps of the register loop a round (its twelve chains each). */
  static Timing run(int n, int rowCount, int count, int rounds, int registerSteps) {
    Random r = new Random(7);
    float[][] rows = new float[rowCount][n];
    float[][] x = new float[count][n];
    for (float[] v : rows) {
      fill(r, v);
    }
    for (float[] v : x) {
      fill(r, v);
    }
    TokenBlocks blocks = TokenBlocks.of(x, count, n);
    float[][] out = new float[count][rowCount];
    float[] scratch = new float[BatchDots.SCRATCH];
    double flops = 2.0 * rowCount * count * n;
    int calls = (int) Math.max(1, 2e8 / flops); // about 0.1 s a round
    double best = 0;
    double bestRegisters = 0;
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      for (int c = 0; c < calls; c++) {
        BatchDots.panel(rows, rowCount, blocks, out, 0, scratch);
      }
      long mid = System.nanoTime();
      float sink = registers(out[0][0], registerSteps);
      long end = System.nanoTime();
      out[0][0] = sink == 0 ? 1 : out[0][0]; // keeps the register loop's result alive
      if (round >= rounds / 3) {
        best = Math.max(best, flops * calls / (mid - start));
        bestRegisters =
            Math.max(bestRegisters, 2.0 * 12 * F.length() * registerSteps / (end - mid));
      }
    }
    BatchDots.panel(rows, rowCount, blocks, out, 0, scratch);
    float checksum = 0;
    for (float[] v : out) {
      for (float f : v) {
        checksum += f;
      }
    }
    return new Timing(best, bestRegisters, checksum);
  }

  private static void fill(Random r, float[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextFloat() - 0.5f;
    }
  }

  /** Twelve independent multiply-add chains, {@code iterations} steps each. */
  private static float registers(float seed, int iterations) {
    FloatVector m = FloatVector.broadcast(F, 1 + seed * 1e-9f);
    FloatVector c = FloatVector.broadcast(F, 1e-9f);
    FloatVector a0 = m;
    FloatVector a1 = m.add(1);
    FloatVector a2 = m.add(2);
    FloatVector a3 = m.add(3);
    FloatVector a4 = m.add(4);
    FloatVector a5 = m.add(5);
    FloatVector a6 = m.add(6);
    FloatVector a7 = m.add(7);
    FloatVector a8 = m.add(8);
    FloatVector a9 = m.add(9);
    FloatVector a10 = m.add(10);
    FloatVector a11 = m.add(11);
    for (int i = 0; i < iterations; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
      a10 = a10.fma(m, c);
      a11 = a11.fma(m, c);
    }
    FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9)
        .add(a10).add(a11);
    return s.lane(0);
  }
}
