/**
 * The {@code infer4j} command line: {@code java -jar infer4j.jar COMMAND ...}.
 *
 * <p>{@link io.infer4j.samples.cli.Infer4jCommand} is the entry point; its subcommands are
 * {@link io.infer4j.samples.cli.GenerateCommand} ({@code generate}) and {@link
 * io.infer4j.samples.cli.ChatCommand} ({@code chat}). The flags and the exit codes ({@link
 * io.infer4j.samples.cli.ExitCode}) are a contract that documentation and checks rely on.
 * Everything in {@code io.infer4j.samples.cli.internal} is implementation detail.
 */
package io.infer4j.samples.cli;
