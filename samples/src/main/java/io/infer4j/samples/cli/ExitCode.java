package io.infer4j.samples.cli;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceException;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.InvalidRequestException;
import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.RateLimitedException;
import io.infer4j.StreamInterruptedException;
import io.infer4j.StructuredOutputException;
import io.infer4j.UnsupportedCapabilityException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process exit status of every {@code infer4j} command: one distinct code per kind of
 * failure, so scripts can tell them apart. The numbers are a contract; the commands' {@code
 * --help} lists them.
 */
public enum ExitCode {
  /** The command did what was asked. */
  SUCCESS(0, "success"),
  /** Something the SDK does not classify failed (a bug); {@code --verbose} shows the stack trace. */
  UNEXPECTED(1, "unexpected failure (run with --verbose for the stack trace)"),
  /** The command line itself is wrong: unknown option, missing option or command. */
  USAGE(2, "usage error: unknown or missing option or command"),
  /** {@link InvalidRequestException}: a flag value out of range or malformed. */
  INVALID_REQUEST(3, "InvalidRequestException: a flag value is out of range or malformed"),
  /** {@link InvalidConfigurationException}: unknown backend, bad key, missing --config file. */
  INVALID_CONFIGURATION(4, "InvalidConfigurationException: unknown backend, bad or missing setting,"
      + " unreadable --config file"),
  /** {@link BackendUnavailableException}. */
  BACKEND_UNAVAILABLE(5, "BackendUnavailableException: the backend cannot serve now"),
  /** {@link RateLimitedException}. */
  RATE_LIMITED(6, "RateLimitedException: the backend asked to retry later"),
  /** {@link DeadlineExceededException}: the latency budget ran out. */
  DEADLINE_EXCEEDED(7, "DeadlineExceededException: the latency budget ran out"),
  /** {@link ModelNotFoundException}. */
  MODEL_NOT_FOUND(8, "ModelNotFoundException: no such model"),
  /** {@link ModelFormatException}. */
  MODEL_FORMAT(9, "ModelFormatException: the model file cannot be read"),
  /** {@link StreamInterruptedException}: the answer broke off after part of it was printed. */
  STREAM_INTERRUPTED(10, "StreamInterruptedException: the answer broke off midway"),
  /** {@link StructuredOutputException}: a JSON answer or tool call not valid against its schema. */
  STRUCTURED_OUTPUT(11, "StructuredOutputException: the answer or a tool call is not valid against its schema"),
  /** {@link UnsupportedCapabilityException}: the backend cannot do what the request needs. */
  UNSUPPORTED_CAPABILITY(12, "UnsupportedCapabilityException: the backend lacks a capability the request needs");

  private final int code;
  private final String description;

  ExitCode(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** One line for the help text. */
  public String description() {
    return description;
  }

  /** The code of an SDK failure; every permitted subclass has its own. */
  public static ExitCode of(InferenceException e) {
    return switch (e) {
      case InvalidRequestException x -> INVALID_REQUEST;
      case InvalidConfigurationException x -> INVALID_CONFIGURATION;
      case BackendUnavailableException x -> BACKEND_UNAVAILABLE;
      case RateLimitedException x -> RATE_LIMITED;
      case DeadlineExceededException x -> DEADLINE_EXCEEDED;
      case ModelNotFoundException x -> MODEL_NOT_FOUND;
      case ModelFormatException x -> MODEL_FORMAT;
      case StreamInterruptedException x -> STREAM_INTERRUPTED;
      case StructuredOutputException x -> STRUCTURED_OUTPUT;
      case UnsupportedCapabilityException x -> UNSUPPORTED_CAPABILITY;
    };
  }

  /** The code of any failure: SDK failures by type, anything else {@link #UNEXPECTED}. */
  public static ExitCode of(Throwable t) {
    return t instanceof InferenceException e ? of(e) : UNEXPECTED;
  }

  /** Code to description, in order, for picocli's {@code exitCodeList}. */
  static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitCode c : values()) {
      list.put(Integer.toString(c.code), c.description);
    }
    return list;
  }
}
