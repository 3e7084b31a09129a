package io.infer4j.samples.cli;

import java.util.List;

/** What one run of the command line left behind. */
public record CliResult(int exitCode, String out, String err) {

  /** Stdout split into lines (without line separators). */
  public List<String> outLines() {
    return out.lines().toList();
  }

  /** Stderr split into lines (without line separators). */
  public List<String> errLines() {
    return err.lines().toList();
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
  }
}
