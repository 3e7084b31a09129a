/**
 * How the command line works inside: configuration assembly, JSON output, error reporting.
 * Not API; changes without notice.
 */
package io.infer4j.samples.cli.internal;
