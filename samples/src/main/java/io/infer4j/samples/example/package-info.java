/** Application code used by the copyable unit-test examples in this package's tests. */
package io.infer4j.samples.example;
