/** Bounds-checked reading of mapped model files. Not API: changes without notice. */
package io.infer4j.runtime.internal.io;
