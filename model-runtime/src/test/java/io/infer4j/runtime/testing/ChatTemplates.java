package io.infer4j.runtime.testing;

/** Jinja chat templates as published with the models (texts as they appear in GGUF metadata). */
public final class ChatTemplates {
  private ChatTemplates() {}

  /** Meta-Llama-3-8B-Instruct. */
  public static final String LLAMA3 =
      "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content ="
          + " '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+"
          + " message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content"
          + " = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if"
          + " add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n'"
          + " }}{% endif %}";

  /** Qwen2-Instruct: ChatML with a default system message. */
  public static final String QWEN2 =
      "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{"
          + " '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif"
          + " %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>'"
          + " + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n'"
          + " }}{% endif %}";

  /** Qwen2.5-Instruct, its tool-calling branch shortened: a default system message as a literal. */
  public static final String QWEN25 =
      "{%- if tools %}{{- '<|im_start|>system\\n' }}{%- if messages[0]['role'] == 'system' %}{{-"
          + " messages[0]['content'] }}{%- else %}{{- 'You are Qwen, created by Alibaba Cloud. You"
          + " are a helpful assistant.' }}{%- endif %}{%- else %}{%- if messages[0]['role'] =="
          + " 'system' %}{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n'"
          + " }}{%- else %}{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You"
          + " are a helpful assistant.<|im_end|>\\n' }}{%- endif %}{%- endif %}{%- for message in"
          + " messages %}{{- '<|im_start|>' + message.role + '\\n' + message.content +"
          + " '<|im_end|>' + '\\n' }}{%- endfor %}{%- if add_generation_prompt %}{{-"
          + " '<|im_start|>assistant\\n' }}{%- endif %}";

  /** SmolLM-Instruct (v1): plain ChatML. */
  public static final String SMOLLM =
      "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' +"
          + " message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt"
          + " %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

  /** Llama-2-7b-chat-hf. */
  public static final String LLAMA2 =
      "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{% set"
          + " system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages"
          + " %}{% set system_message = false %}{% endif %}{% for message in loop_messages %}{%"
          + " if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{"
          + " raise_exception('Conversation roles must alternate user/assistant/user/assistant/...')"
          + " }}{% endif %}{% if loop.index0 == 0 and system_message != false %}{% set content ="
          + " '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}{% else"
          + " %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user'"
          + " %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role']"
          + " == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor"
          + " %}";

  /** Mistral-7B-Instruct-v0.1: [INST] without <<SYS>>, a format this runtime does not render. */
  public static final String MISTRAL =
      "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') !="
          + " (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate"
          + " user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user'"
          + " %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] =="
          + " 'assistant' %}{{ message['content'] + eos_token}}{% endif %}{% endfor %}";
}
