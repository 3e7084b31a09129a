/** A CDI SE application that injects infer4j clients (default and named). */
package io.infer4j.samples.cdi;
