/** The model that ships inside the model runtime's jar (not API). */
package io.infer4j.runtime.internal.embedded;
