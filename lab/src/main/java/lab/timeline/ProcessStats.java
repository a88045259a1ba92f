package lab.timeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Memory, CPU time, threads and open files of any process on this Linux host, from {@code /proc/<pid>/}.
 * The process may die at any moment (the server can crash mid-run), so nothing here throws: a process that is
 * gone gives empty, and a figure that cannot be read (gone by then, or not permitted) gives -1.
 */
public final class ProcessStats {

  /** Linux's USER_HZ, the unit of the times in {@code stat}: 100 on x86 and arm, whatever the kernel's HZ. */
  private static final long CLOCK_TICKS_PER_SECOND = 100;
  private static final long NANOS_PER_TICK = 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
  /** Fields 14 (utime), 15 (stime) and 20 (num_threads) of {@code stat}, counted from 1, as indexes from field 3. */
  private static final int UTIME = 14 - 3;
  private static final int STIME = 15 - 3;
  private static final int THREADS = 20 - 3;
  private static final Path PROC = Path.of("/proc");
  /**
   * Since Linux 6.2 the size of {@code /proc/<pid>/fd} is its number of open files: one stat instead of a listing of
   * thousands of entries, each made by the kernel (docs/performance.md). Older kernels give 0 there.
   */
  private static final boolean FD_SIZE_IS_COUNT = fdSizeIsCount();

  /** One reading; -1 in a field means "not available". */
  public record Sample(long rssBytes, long cpuNanos, int threads, int openFds) {}

  private ProcessStats() {}

  /** Whether this host has {@code /proc} (not on macOS or Windows). */
  public static boolean available() {
    return Files.isReadable(PROC.resolve("self/stat"));
  }

  public static Optional<Sample> read(long pid) {
    return read(PROC, pid);
  }

  /** The figures of {@code pid} under {@code procRoot}; empty if it has no readable {@code stat}. */
  public static Optional<Sample> read(Path procRoot, long pid) {
    Path dir = procRoot.resolve(Long.toString(pid));
    String stat;
    try {
      stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return Optional.empty(); // no such process (or one that died while being read), or no /proc
    }
    // The comm field, in parentheses, may itself hold spaces and ')': the fixed fields start after the last ')'.
    int commEnd = stat.lastIndexOf(')');
    String[] fields = commEnd < 0 ? new String[0] : stat.substring(commEnd + 1).trim().split(" ");
    long utime = number(fields, UTIME);
    long stime = number(fields, STIME);
    long cpuNanos = utime < 0 || stime < 0 ? -1 : (utime + stime) * NANOS_PER_TICK;
    int openFds = procRoot.equals(PROC) && FD_SIZE_IS_COUNT ? openFdsBySize(dir) : openFdsByListing(dir);
    return Optional.of(new Sample(rssBytes(dir), cpuNanos, (int) number(fields, THREADS), openFds));
  }

  /** The open files of {@code pid} as the timeline counts them; -1 if not permitted or gone. */
  public static int openFiles(long pid) {
    Path dir = PROC.resolve(Long.toString(pid));
    return FD_SIZE_IS_COUNT ? openFdsBySize(dir) : openFdsByListing(dir);
  }

  /** The same by listing {@code fd}, as on kernels before 6.2 (for the benchmark that compares both). */
  public static int openFilesByListing(long pid) {
    return openFdsByListing(PROC.resolve(Long.toString(pid)));
  }

  /** The soft limit on open files of {@code pid} ({@code ulimit -n}), from {@code limits}; -1 when unknown. */
  public static long openFileLimit(long pid) {
    return openFileLimit(PROC, pid);
  }

  /** The same, under {@code procRoot}. */
  public static long openFileLimit(Path procRoot, long pid) {
    Path limits = procRoot.resolve(Long.toString(pid)).resolve("limits");
    try (BufferedReader in = Files.newBufferedReader(limits, StandardCharsets.ISO_8859_1)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        // "Max open files            20000                20000                files     "
        if (line.startsWith("Max open files")) {
          String[] values = line.substring("Max open files".length()).trim().split("\\s+");
          return values.length == 0 ? -1 : parse(values[0]);
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** {@code VmRSS} from {@code status} (chosen over statm, whose pages would need the page size); -1 without it. */
  private static long rssBytes(Path dir) {
    return statusBytes(dir, "VmRSS:");
  }

  /** The most resident memory {@code pid} ever had (VmHWM), in bytes; -1 when unknown. */
  public static long peakRssBytes(long pid) {
    return statusBytes(PROC.resolve(Long.toString(pid)), "VmHWM:");
  }

  private static long statusBytes(Path dir, String field) {
    try (BufferedReader in = Files.newBufferedReader(dir.resolve("status"), StandardCharsets.ISO_8859_1)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith(field)) {
          String value = line.substring(field.length()).trim();
          long kb = value.endsWith(" kB") ? parse(value.substring(0, value.length() - 3)) : -1;
          return kb < 0 ? -1 : kb * 1024;
        }
      }
      return -1; // zombies and kernel threads have no VmRSS or VmHWM line
    } catch (IOException e) {
      return -1;
    }
  }

  private static boolean fdSizeIsCount() {
    try {
      return Files.size(PROC.resolve("self/fd")) > 0; // this JVM has its jars open: 0 means an older kernel
    } catch (IOException e) {
      return false;
    }
  }

  private static int openFdsBySize(Path dir) {
    try {
      return (int) Files.size(dir.resolve("fd"));
    } catch (IOException e) {
      return -1; // gone, or not permitted (another user's process)
    }
  }

  /**
   * The entries of {@code fd}; -1 if not permitted (another user's process) or gone. For the calling process
   * itself this includes the descriptor of the listing.
   */
  private static int openFdsByListing(Path dir) {
    int count = 0;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
      for (Path ignored : fds) {
        count++;
      }
      return count;
    } catch (IOException | DirectoryIteratorException e) { // the latter: the process died mid-listing
      return -1;
    }
  }

  private static long number(String[] fields, int index) {
    return index < fields.length ? parse(fields[index]) : -1;
  }

  private static long parse(String digits) {
    try {
      long value = Long.parseLong(digits.trim());
      return value < 0 ? -1 : value;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
