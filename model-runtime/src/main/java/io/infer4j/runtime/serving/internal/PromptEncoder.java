package io.infer4j.runtime.serving.internal;

import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.InvalidRequestException;
import io.infer4j.runtime.ChatTemplate;
import io.infer4j.runtime.LlamaModel;
import java.util.function.Supplier;

/**
 * Turns a request into prompt ids. A raw prompt is encoded as llama.cpp tokenizes a completion's
 * prompt ({@link io.infer4j.runtime.Tokenizer#encodePrompt}): BOS where the vocabulary puts it (a
 * SentencePiece or Llama 3 vocabulary, llama2.c's run.c; not Qwen's or GPT-2's), then the text; an
 * empty prompt is BOS alone, and refused where there is no BOS. A chat is rendered with a {@link
 * ChatTemplate}, the model's own unless another was chosen (BOS once, from the format or the
 * vocabulary: {@link ChatTemplate#encode}), with the request's tools unless its tool choice is
 * {@code NONE}, and its end-of-turn tokens stop the answer.
 */
public final class PromptEncoder {
  private PromptEncoder() {}

  /**
   * The prompt ids of {@code request} for {@code model}.
   *
   * @throws InvalidRequestException naming {@code prompt} or {@code messages} when the prompt
   *     cannot be encoded, gives no tokens or is longer than the model's context
   */
  public static EncodedPrompt encode(LlamaModel model, InferenceRequest request) {
    return encode(model, request, () -> ChatTemplate.forModel(model));
  }

  /**
   * As {@link #encode(LlamaModel, InferenceRequest)}, a chat rendered with the template {@code
   * chat} gives (asked only for a chat).
   *
   * @throws InferenceException what {@code chat} throws when the chat cannot be rendered
   */
  public static EncodedPrompt encode(
      LlamaModel model, InferenceRequest request, Supplier<ChatTemplate> chat) {
    EncodedPrompt prompt;
    if (request.isRawPrompt()) {
      int[] ids = model.tokenizer().encodePrompt(request.prompt());
      if (ids.length == 0) {
        throw new InvalidRequestException("prompt", "gives no tokens: it is empty and the model's"
            + " vocabulary puts no BOS in front of a text");
      }
      prompt = new EncodedPrompt(ids, "prompt", new int[0]);
    } else {
      ChatTemplate template = chat.get();
      int[] stops = template.stopTokenIds().stream().mapToInt(Integer::intValue).toArray();
      prompt = new EncodedPrompt(
          template.encode(request.messages(), AnswerShape.promptTools(request), true),
          "messages", stops);
    }
    int context = model.config().contextLength();
    if (prompt.length() > context) {
      throw new InvalidRequestException(prompt.field(),
          "the prompt is " + prompt.length() + " tokens, longer than the model's context of "
              + context + " tokens");
    }
    return prompt;
  }
}
