package io.infer4j.runtime.internal.hub;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line download progress bar, redrawn in place with {@code \r} at most every 200 ms, on a
 * terminal stream (stderr), or nowhere when given none. Not thread-safe: one download drives one
 * bar.
 */
public final class ProgressBar {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int WIDTH = 30;
  private static final double MIB = 1024.0 * 1024.0;

  private final PrintStream out;
  private final String name;
  private final long startNanos = System.nanoTime();
  private long lastDraw = Long.MIN_VALUE;
  private long startBytes = -1;
  private boolean drawn;

  /**
   * @param out where to draw (a console's stderr), or null for nothing
   * @param name the file's name, shown first
   */
  public ProgressBar(PrintStream out, String name) {
    this.out = out;
    this.name = name;
  }

  /**
   * Reports {@code done} bytes of {@code total} ({@code -1} when unknown); redraws if due.
   */
  public void update(long done, long total) {
    if (out == null) {
      return;
    }
    if (startBytes < 0) {
      startBytes = done; // a resumed download's rate counts only this run's bytes
    }
    long now = System.nanoTime();
    if (drawn && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    draw(done, total, now);
  }

  /** Draws the final state and ends the line. */
  public void finish(long done, long total) {
    if (out == null) {
      return;
    }
    if (startBytes < 0) {
      startBytes = done;
    }
    draw(done, total, System.nanoTime());
    out.println();
    out.flush();
  }

  private void draw(long done, long total, long now) {
    double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
    double rate = (done - startBytes) / MIB / seconds;
    String line;
    if (total > 0) {
      double fraction = Math.min(1.0, (double) done / total);
      int filled = (int) Math.round(fraction * WIDTH);
      line =
          String.format(
              Locale.ROOT,
              "\r%s [%s%s] %3d%% %.1f/%.1f MiB %.1f MiB/s ",
              name,
              "#".repeat(filled),
              " ".repeat(WIDTH - filled),
              (int) (fraction * 100),
              done / MIB,
              total / MIB,
              rate);
    } else {
      line = String.format(Locale.ROOT, "\r%s %.1f MiB %.1f MiB/s ", name, done / MIB, rate);
    }
    out.print(line);
    out.flush();
    drawn = true;
  }
}
