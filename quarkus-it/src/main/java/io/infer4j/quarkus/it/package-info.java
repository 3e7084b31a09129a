/**
 * A small Quarkus application that injects infer4j clients through infer4j-sdk-cdi; its tests
 * show that the producers work in Quarkus ArC (CDI Lite). Not published.
 */
package io.infer4j.quarkus.it;
