package io.infer4j.remote.internal;

/**
 * A piece of one tool call as the server sent it: in a stream, the first piece of a call brings
 * its id and name and every piece a fragment of its arguments; in a whole answer, one piece is the
 * whole call.
 *
 * @param index which call of the answer, from 0
 * @param id the call's id, or {@code null} when this piece does not carry it
 * @param name the function's name, or {@code null} when this piece does not carry it
 * @param arguments a fragment of the arguments' JSON text, or {@code null}
 */
record ToolCallPart(int index, String id, String name, String arguments) {}
