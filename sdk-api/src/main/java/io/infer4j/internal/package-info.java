/** Implementation. Not API: changes without notice; do not use from applications. */
package io.infer4j.internal;
