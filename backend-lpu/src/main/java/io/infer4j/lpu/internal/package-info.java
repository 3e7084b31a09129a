/**
 * Not API, changes without notice: the machine model ({@link
 * io.infer4j.lpu.internal.MachineConstants}, chip and topology views), the placement of weights and
 * KV cache in SRAM, and the static schedule that gives the timing.
 */
package io.infer4j.lpu.internal;
