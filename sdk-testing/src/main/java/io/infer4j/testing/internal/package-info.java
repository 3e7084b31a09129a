/**
 * Implementation of the test kit: the fake's generations, the providers, the cassette format.
 * Not API: changes without notice; use the types of {@code io.infer4j.testing} instead.
 */
package io.infer4j.testing.internal;
