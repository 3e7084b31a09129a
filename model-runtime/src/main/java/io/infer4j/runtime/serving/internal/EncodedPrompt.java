package io.infer4j.runtime.serving.internal;

/**
 * A request's prompt as token ids, with the tokens that end the answer besides BOS and EOS.
 *
 * @param ids the prompt ids, BOS first where the vocabulary puts it; never empty
 * @param field the request field the prompt came from ({@code prompt} or {@code messages}), for
 *     errors
 * @param endOfTurn extra stop ids (a chat template's end-of-turn tokens); empty for a raw prompt
 */
public record EncodedPrompt(int[] ids, String field, int[] endOfTurn) {
  public EncodedPrompt {
    if (ids.length == 0) {
      throw new IllegalArgumentException("a prompt has at least one token");
    }
    ids = ids.clone();
    endOfTurn = endOfTurn.clone();
  }

  @Override
  public int[] ids() {
    return ids.clone();
  }

  @Override
  public int[] endOfTurn() {
    return endOfTurn.clone();
  }

  /** Tokens in the prompt. */
  public int length() {
    return ids.length;
  }
}
