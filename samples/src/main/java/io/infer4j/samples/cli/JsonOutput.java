package io.infer4j.samples.cli;

/**
 * A command with {@code --json}: when it is given, the command line prints a failure of the
 * command as one JSON object on stdout too ({@code {"error": {...}}}, beside the {@code error:}
 * line on stderr), so that a script reads one format whether the command succeeded or not.
 */
interface JsonOutput {

  /** Whether {@code --json} was given. */
  boolean printsJson();
}
