package io.infer4j.remote.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How much of the machine's CPU time went to other processes between {@link #start()} and {@link
 * #share()}: the system's busy time from {@code /proc/stat} minus this JVM's own CPU time, as a
 * share of the wall time of all the CPUs {@code /proc/stat} counts. A timing assertion can then say whether the machine was shared
 * while it measured. Linux only; elsewhere (no {@code /proc/stat}) the share is unknown ({@code
 * NaN}).
 */
final class OtherCpuUse {

  private static final Path PROC_STAT = Path.of("/proc/stat");
  /** Clock ticks per second of {@code /proc/stat}'s counters (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  /** CPUs that {@code /proc/stat}'s total counts (its {@code cpuN} lines), at least 1. */
  private static final int CPUS = cpuLines();

  private final long startWallNanos;
  private final long startBusyTicks;
  private final long startOwnCpuNanos;

  private OtherCpuUse(long wall, long busy, long own) {
    this.startWallNanos = wall;
    this.startBusyTicks = busy;
    this.startOwnCpuNanos = own;
  }

  static OtherCpuUse start() {
    return new OtherCpuUse(System.nanoTime(), busyTicks(), ownCpuNanos());
  }

  /** Other processes' CPU time since {@link #start()}, as a share of all cores' time; NaN if unknown. */
  double share() {
    long busy = busyTicks();
    long own = ownCpuNanos();
    if (busy < 0 || startBusyTicks < 0 || own < 0 || startOwnCpuNanos < 0) {
      return Double.NaN;
    }
    double wallSeconds = (System.nanoTime() - startWallNanos) / 1e9;
    double busySeconds = (busy - startBusyTicks) / TICKS_PER_SECOND;
    double ownSeconds = (own - startOwnCpuNanos) / 1e9;
    return Math.max(0, busySeconds - ownSeconds) / (wallSeconds * CPUS);
  }

  /** Busy ticks of all CPUs (user, nice, system, irq, softirq, steal), or -1. */
  private static long busyTicks() {
    try {
      List<String> lines = Files.readAllLines(PROC_STAT);
      String[] f = lines.get(0).trim().split("\\s+"); // cpu user nice system idle iowait irq softirq steal
      if (!f[0].equals("cpu") || f.length < 9) {
        return -1;
      }
      return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
          + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static int cpuLines() {
    try {
      return (int) Math.max(1, Files.readAllLines(PROC_STAT).stream()
          .filter(l -> l.matches("cpu\\d+\\s.*")).count());
    } catch (IOException | RuntimeException e) {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  /** This JVM's CPU time in nanoseconds, or -1. */
  private static long ownCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
