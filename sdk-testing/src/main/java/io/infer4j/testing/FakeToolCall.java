package io.infer4j.testing;

import io.infer4j.testing.internal.FakeJson;
import java.util.Objects;

/**
 * A tool call for a {@link FakeBackend} to make ({@link FakeBackend#replyToolCalls}): the tool's
 * name, its arguments as JSON text, and optionally the call's id.
 *
 * <p>Without an id the fake numbers the call when it makes it: {@code call_1}, {@code call_2}, ...
 * counting every call the fake has made since it was created or {@linkplain FakeBackend#reset()
 * reset}, so ids are the same in every run and unique across a conversation.
 *
 * <p>The arguments are sent as they are, like a model's: not checked here, so a test can script
 * arguments that break the tool's schema, or are not even JSON; the client checks them against the
 * tool the request offers and fails with {@link io.infer4j.StructuredOutputException}.
 *
 * @param id the id to report, or {@code null} to have the fake number the call
 * @param name the tool's name
 * @param arguments the arguments as JSON text; {@code "{}"} when null or blank
 */
public record FakeToolCall(String id, String name, String arguments) {

  /**
   * Validates the call; {@code null} or blank arguments become {@code "{}"}.
   *
   * @throws NullPointerException if {@code name} is {@code null}
   * @throws IllegalArgumentException if {@code id} or {@code name} is blank
   */
  public FakeToolCall {
    if (id != null && id.isBlank()) {
      throw new IllegalArgumentException("a tool call id must not be blank (null numbers the call)");
    }
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a tool call needs the tool's name");
    }
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }

  /**
   * {@return a call of {@code name} with {@code argumentsJson}, numbered by the fake}
   *
   * @param name the tool's name
   * @param argumentsJson the arguments as JSON text, sent as is; {@code "{}"} when {@code null} or
   *     blank
   * @throws NullPointerException if {@code name} is {@code null}
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static FakeToolCall of(String name, String argumentsJson) {
    return new FakeToolCall(null, name, argumentsJson);
  }

  /**
   * {@return a call of {@code name} whose arguments are {@code arguments} written as JSON (a record, a map;
   * written by the SDK's JSON mapper, so {@link io.infer4j.ToolCall#arguments(Class)} reads it
   * back), numbered by the fake}
   *
   * @param name the tool's name
   * @param arguments a record or map, written as JSON
   * @throws IllegalArgumentException when {@code arguments} cannot be written as JSON
   */
  public static FakeToolCall of(String name, Object arguments) {
    return new FakeToolCall(null, name, FakeJson.write(arguments));
  }

  /**
   * {@return this call with the id {@code newId} instead of a number}
   *
   * @param newId the id to report; not blank
   * @throws NullPointerException if {@code newId} is {@code null}
   * @throws IllegalArgumentException if {@code newId} is blank
   */
  public FakeToolCall withId(String newId) {
    return new FakeToolCall(Objects.requireNonNull(newId, "id"), name, arguments);
  }
}
