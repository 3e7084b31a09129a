/** llama2.c checkpoints (legacy v0) and tokenizer files. Not API: changes without notice. */
package io.infer4j.runtime.internal.llama2c;
