package io.infer4j.internal.router;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What a router learnt, kept across restarts ({@code infer4j.router.state-file}): each member's
 * live observations (times to first token with their prompt sizes, times per token, outcomes) and
 * the answers' lengths, written when the router closes and read when it starts, so that a new
 * process routes its first request with what the last one knew. Observations keep their age: one
 * that has left the window by the time the file is read counts no more than it would have.
 *
 * <p>The file is the router's own, plain text, one observation a line:
 *
 * <pre>
 * infer4j-router-state 1
 * saved-at-epoch-ms 1764870000000
 * ttft fast 61000000 5 1200        (kind, backend, value, covariate, age in ms when saved)
 * per-token fast 2000000 0 1200
 * outcome slow 1 0 300             (1 failed, 0 succeeded)
 * length - 42 0 1200               (tokens, 1 when cut at max-tokens)
 * </pre>
 *
 * A file that is missing, unreadable, of another version or malformed is ignored with one log line
 * on {@code io.infer4j.router} (never an error: the router then learns from scratch); lines naming
 * a backend the router no longer has are skipped. Writing goes to a temporary file moved over the
 * old one, so a crash while writing leaves the previous state. Stateless; not thread-safe against
 * two routers sharing one file (the last to close wins).
 */
final class RouterStateFile {
  static final String HEADER = "infer4j-router-state 1";
  private static final String SAVED_AT = "saved-at-epoch-ms ";
  private static final String LENGTH = "length";
  private static final System.Logger LOG = System.getLogger("io.infer4j.router");

  private RouterStateFile() {}

  /**
   * Restores what {@code file} holds into {@code members} and {@code lengths}; logs one line
   * saying how many observations were taken, or why none.
   *
   * @return the observations restored (0 when the file was ignored)
   */
  static int load(Path file, List<Member> members, OutputLengths lengths, LongSupplier nanoClock,
      long nowEpochMillis, long windowNanos) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      LOG.log(System.Logger.Level.INFO, "router state file " + file + " does not exist yet:"
          + " learning from scratch");
      return 0;
    } catch (IOException | UncheckedIOException e) {
      LOG.log(System.Logger.Level.WARNING, "router state file " + file + " ignored: cannot be"
          + " read (" + e.getMessage() + ")");
      return 0;
    }
    try {
      return restore(lines, members, lengths, nanoClock.getAsLong(), nowEpochMillis, windowNanos,
          file);
    } catch (IllegalArgumentException e) {
      LOG.log(System.Logger.Level.WARNING, "router state file " + file + " ignored: "
          + e.getMessage());
      return 0;
    }
  }

  private static int restore(List<String> lines, List<Member> members, OutputLengths lengths,
      long nowNanos, long nowEpochMillis, long windowNanos, Path file) {
    if (lines.size() < 2 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith(SAVED_AT)) {
      throw new IllegalArgumentException("not a state file of this version (it must start with \""
          + HEADER + "\" and a \"" + SAVED_AT.trim() + "\" line)");
    }
    long savedAt = parse(lines.get(1).substring(SAVED_AT.length()), 2);
    long sinceSaved = TimeUnit.MILLISECONDS.toNanos(Math.max(0, nowEpochMillis - savedAt));
    Map<String, Member> byName = new HashMap<>();
    members.forEach(m -> byName.put(m.name(), m));
    // parse every line before restoring any, so a malformed file restores nothing
    record Line(String kind, String backend, long value, long covariate, long ageNanos) {}
    List<Line> parsed = new ArrayList<>();
    for (int i = 2; i < lines.size(); i++) {
      String l = lines.get(i).trim();
      if (l.isEmpty()) {
        continue;
      }
      String[] f = l.split(" ");
      if (f.length != 5) {
        throw new IllegalArgumentException("line " + (i + 1) + " has " + f.length
            + " fields, 5 expected: " + abbreviate(l));
      }
      long age = TimeUnit.MILLISECONDS.toNanos(parse(f[4], i + 1));
      parsed.add(new Line(f[0], f[1], parse(f[2], i + 1), parse(f[3], i + 1),
          Math.max(0, age) + sinceSaved));
    }
    int restored = 0;
    int skipped = 0;
    int old = 0;
    for (Line l : parsed) {
      if (l.ageNanos() > windowNanos) {
        old++; // it would no longer count
        continue;
      }
      if (l.kind().equals(LENGTH)) {
        lengths.restore(l.value(), l.covariate() == 1, l.ageNanos(), nowNanos);
        restored++;
        continue;
      }
      Member m = byName.get(l.backend());
      if (m != null && m.stats().restore(l.kind(), l.value(), l.covariate(), l.ageNanos(),
          nowNanos)) {
        restored++;
      } else {
        skipped++;
      }
    }
    long savedSecondsAgo = TimeUnit.NANOSECONDS.toSeconds(sinceSaved);
    if (restored == 0 && old > 0) {
      LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "router state file %s ignored:"
          + " stale (saved %d s ago; all %d observations are older than the window)", file,
          savedSecondsAgo, old));
      return 0;
    }
    LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
        "router state file %s: %d observations restored, saved %d s ago%s%s", file, restored,
        savedSecondsAgo, old == 0 ? "" : "; " + old + " older than the window left out",
        skipped == 0 ? "" : "; " + skipped + " of backends no longer routed skipped"));
    return restored;
  }

  private static long parse(String s, int line) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("line " + line + ": not a number: " + abbreviate(s));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }

  /**
   * Writes the members' and the lengths' live observations to {@code file} (through a temporary
   * file in its folder); a failure is logged once and otherwise ignored.
   */
  static void save(Path file, List<Member> members, OutputLengths lengths, LongSupplier nanoClock,
      long nowEpochMillis) {
    long now = nanoClock.getAsLong();
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      if (dir != null) {
        Files.createDirectories(dir);
      }
      tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(HEADER + "\n" + SAVED_AT + nowEpochMillis + "\n");
        IOException[] failed = new IOException[1];
        for (Member m : members) {
          m.stats().export(now, (kind, v, c, age) -> line(w, kind, m.name(), v, c, age, failed));
        }
        lengths.export(now, (v, c, age) -> line(w, LENGTH, "-", v, c, age, failed));
        if (failed[0] != null) {
          throw failed[0];
        }
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "router state file " + file + " not written: " + e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temporary file stays; the state file is untouched
        }
      }
    }
  }

  private static void line(BufferedWriter w, String kind, String backend, long value,
      long covariate, long ageNanos, IOException[] failed) {
    if (failed[0] != null) {
      return;
    }
    try {
      w.write(kind + " " + backend + " " + value + " " + covariate + " "
          + TimeUnit.NANOSECONDS.toMillis(ageNanos) + "\n");
    } catch (IOException e) {
      failed[0] = e;
    }
  }
}
