package dev.kaftalk.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What Linux tells about a process: CPU time used so far (user + system), threads, open descriptors and how many of
 * them are sockets. Read from {@code /proc/<pid>}.
 */
record ProcStats(long cpuNanos, int threads, int fds, int sockets) {

  /** USER_HZ: the unit of utime/stime in {@code /proc/<pid>/stat}; 100 on every mainstream Linux. */
  private static final long TICKS_PER_SECOND = 100;

  static ProcStats of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      String stat = Files.readString(proc.resolve("stat"));
      // The command name may hold spaces; the fields after its closing parenthesis are fixed.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      int threads = Integer.parseInt(fields[17]);
      int fds = 0;
      int sockets = 0;
      try (Stream<Path> open = Files.list(proc.resolve("fd"))) {
        for (Path fd : (Iterable<Path>) open::iterator) {
          fds++;
          if (isSocket(fd)) {
            sockets++;
          }
        }
      }
      return new ProcStats(ticks * 1_000_000_000L / TICKS_PER_SECOND, threads, fds, sockets);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + proc, e);
    }
  }

  /** Cores used on average between {@code earlier} and this sample, {@code nanos} apart (1.0 = one core busy). */
  double coresSince(ProcStats earlier, long nanos) {
    return (double) (cpuNanos - earlier.cpuNanos) / nanos;
  }

  private static boolean isSocket(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString().startsWith("socket:");
    } catch (IOException closedMeanwhile) {
      return false;
    }
  }
}
