package lab.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import lab.timeline.ProcessStats.Sample;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A process's figures from a fixture /proc, from this JVM's own, and for a process that is gone. */
class ProcessStatsTest {

  /** utime 250 + stime 75 ticks (the children's 40 and 9 after them must not count), 7 threads. */
  private static final String STAT = "1234 (my (weird) proc) S 1 1234 1234 0 -1 4194560 5000 0 12 0 250 75 40 9 20 0 7"
      + " 0 80180 3133440 387 18446744073709551615 94261712470016 94261712489897 140720788727856 0 0 0 0 0 0 0 0 0 17"
      + " 1 0 0 0 0 0\n";
  private static final String STATUS = """
      Name:\tmy (weird) proc
      State:\tS (sleeping)
      Pid:\t1234
      VmPeak:\t  4000000 kB
      VmSize:\t  3900000 kB
      VmHWM:\t   200000 kB
      VmRSS:\t   123456 kB
      RssAnon:\t   100000 kB
      Threads:\t7
      """;
  private static final long RSS = 123456L * 1024;
  private static final long CPU = (250 + 75) * 10_000_000L;

  @TempDir
  Path proc;
  private Path pid;

  @BeforeEach
  void fixture() throws IOException {
    pid = Files.createDirectories(proc.resolve("1234"));
    Files.writeString(pid.resolve("stat"), STAT);
    Files.writeString(pid.resolve("status"), STATUS);
    Path fd = Files.createDirectory(pid.resolve("fd"));
    for (String n : new String[] {"0", "1", "2", "5", "7"}) {
      Files.createSymbolicLink(fd.resolve(n), Path.of("socket:[1369" + n + "]")); // dangling, like the real ones
    }
  }

  @Test
  void readsEveryFigureDespiteACommWithSpacesAndParentheses() {
    assertEquals(Optional.of(new Sample(RSS, CPU, 7, 5)), ProcessStats.read(proc, 1234));
  }

  @Test
  void theOpenFileLimitIsTheSoftOneAndUnknownWithoutLimits() throws IOException {
    assertEquals(-1, ProcessStats.openFileLimit(proc, 1234));
    Files.writeString(pid.resolve("limits"), """
        Limit                     Soft Limit           Hard Limit           Units
        Max cpu time              unlimited            unlimited            seconds
        Max open files            1200                 20000                files
        Max locked memory         8388608              8388608              bytes
        """);
    assertEquals(1200, ProcessStats.openFileLimit(proc, 1234));
    assertTrue(ProcessStats.openFileLimit(ProcessHandle.current().pid()) > 0, "this JVM's own, from /proc");
  }

  @Test
  void aZombieWithoutRssOrFdsStillHasItsCpuAndThreads() throws IOException {
    Files.writeString(pid.resolve("status"), "Name:\tmy (weird) proc\nState:\tZ (zombie)\nThreads:\t7\n");
    try (var fds = Files.list(pid.resolve("fd"))) {
      for (Path fd : fds.toList()) {
        Files.delete(fd);
      }
    }
    Files.delete(pid.resolve("fd"));
    assertEquals(Optional.of(new Sample(-1, CPU, 7, -1)), ProcessStats.read(proc, 1234));
  }

  @Test
  void aTruncatedStatGivesMinusOneForItsFigures() throws IOException {
    Files.writeString(pid.resolve("stat"), "1234 (my (weird) proc) S 1 1234 1234 0 -1 4194560 5000 0 12 0 250");
    assertEquals(Optional.of(new Sample(RSS, -1, -1, 5)), ProcessStats.read(proc, 1234));
    Files.writeString(pid.resolve("stat"), "1234 my proc S 1 1234 1234 0 -1 4194560 5000 0 12 0 250 75 40 9 20 0 7 0");
    assertEquals(Optional.of(new Sample(RSS, -1, -1, 5)), ProcessStats.read(proc, 1234));
  }

  @Test
  void noStatMeansNoProcess() {
    assertEquals(Optional.empty(), ProcessStats.read(proc, 4321));
    assertEquals(Optional.empty(), ProcessStats.read(proc.resolve("absent"), 1234));
  }

  /** The JDK reads the same utime + stime, scaled by the real CLK_TCK: a wrong tick length shows as a factor. */
  @Test
  @EnabledOnOs(OS.LINUX)
  void readsThisJvm() {
    assertTrue(ProcessStats.available());
    Sample self = ProcessStats.read(ProcessHandle.current().pid()).orElseThrow();
    long jdkCpuNanos = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    assertTrue(self.rssBytes() > 0, "rss " + self.rssBytes());
    assertTrue(self.threads() > 0, "threads " + self.threads());
    assertTrue(self.openFds() > 0, "fds " + self.openFds());
    assertTrue(self.cpuNanos() > 0, "cpu " + self.cpuNanos());
    assertTrue(self.cpuNanos() <= jdkCpuNanos && jdkCpuNanos - self.cpuNanos() < 1_000_000_000L,
        "cpu " + self.cpuNanos() + " ns, the JDK says " + jdkCpuNanos + " ns");
  }

  /** On Linux 6.2 and later one stat of {@code fd}, on older kernels its listing: both must give the same count. */
  @Test
  @EnabledOnOs(OS.LINUX)
  void countsThisJvmsOpenFilesAsTheListingDoes() throws IOException {
    long self = ProcessHandle.current().pid();
    int before = ProcessStats.openFiles(self);
    List<FileChannel> opened = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        opened.add(FileChannel.open(Files.writeString(proc.resolve("f" + i), "x"), StandardOpenOption.READ));
      }
      int counted = ProcessStats.openFiles(self);
      int listed = ProcessStats.openFilesByListing(self) - 1; // less the listing's own descriptor
      assertTrue(Math.abs(counted - before - 200) <= 2, "200 files opened: " + before + " -> " + counted);
      assertTrue(Math.abs(counted - listed) <= 2, "counted " + counted + ", listed " + listed);
      assertTrue(Math.abs(counted - ProcessStats.read(self).orElseThrow().openFds()) <= 2);
    } finally {
      for (FileChannel channel : opened) {
        channel.close();
      }
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aProcessThatIsGoneHasNoSample() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      assertTrue(ProcessStats.read(sleeper.pid()).isPresent());
    } finally {
      sleeper.destroy();
      assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS));
    }
    assertEquals(Optional.empty(), ProcessStats.read(sleeper.pid()));
  }
}
