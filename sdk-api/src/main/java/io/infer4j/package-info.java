/**
 * The infer4j API: {@link io.infer4j.InferenceClient}, its request and response values, and the
 * one family of failures, {@link io.infer4j.InferenceException}. Obtain clients from {@link
 * io.infer4j.InferenceClients}. Nothing here names a backend.
 */
package io.infer4j;
