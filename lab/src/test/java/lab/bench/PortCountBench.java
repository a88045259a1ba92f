package lab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import lab.timeline.PortCountReader;
import lab.timeline.PortCounts;
import lab.timeline.ProcNetTcp;
import lab.timeline.ProcessStats;
import lab.timeline.SockDiag;

/**
 * What one count of a port's sockets costs, by each reader, with N loopback connections open on this host (both
 * their ends, as when the injector runs beside the server): the CPU of the reading thread, kernel time included,
 * per read; then one count of this process's open files (2N), by listing {@code /proc/<pid>/fd} and by its size.
 * {@code bench/port-count.sh}; figures in docs/performance.md.
 */
public final class PortCountBench {

  public static void main(String[] args) throws Exception {
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
    int reads = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    List<SocketChannel> sockets = new ArrayList<>(2 * connections);
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 4096);
      int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
      for (int i = 0; i < connections; i++) {
        sockets.add(SocketChannel.open(listener.getLocalAddress()));
        sockets.add(listener.accept());
      }
      System.out.printf("%d connections on 127.0.0.1:%d (%d sockets of this process), %d reads each%n",
          connections, port, sockets.size(), reads);
      List<PortCountReader> readers = new ArrayList<>(List.of(ProcNetTcp.reader()));
      SockDiag.open().ifPresentOrElse(readers::add, () -> System.out.println("netlink sock_diag: not available here"));
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      for (int round = 0; round < 2; round++) { // the first round warms the JIT up; the second is the figure
        for (PortCountReader reader : readers) {
          PortCounts counts = reader.read(port).orElseThrow();
          long cpu = threads.getCurrentThreadCpuTime();
          long wall = System.nanoTime();
          for (int i = 0; i < reads; i++) {
            counts = reader.read(port).orElseThrow();
          }
          if (round == 1) {
            System.out.printf("  %-18s %6.1f ms CPU per read (%6.1f ms wall), established %d, listen %d%n",
                reader.name(), (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / reads,
                (System.nanoTime() - wall) / 1e6 / reads, counts.established(), counts.listen());
          }
        }
        long self = ProcessHandle.current().pid();
        timed(round, "fd listing", reads, () -> ProcessStats.openFilesByListing(self));
        timed(round, "fd stat", reads, () -> ProcessStats.openFiles(self));
      }
    } finally {
      for (SocketChannel socket : sockets) {
        socket.close();
      }
    }
  }

  /** The server's open files, as the timeline counts them every second: one process with 18,000 sockets. */
  private static void timed(int round, String name, int reads, IntSupplier openFiles) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int count = openFiles.getAsInt();
    long cpu = threads.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    for (int i = 0; i < reads; i++) {
      count = openFiles.getAsInt();
    }
    if (round == 1) {
      System.out.printf("  %-18s %6.2f ms CPU per read (%6.2f ms wall), open files %d%n", name,
          (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / reads, (System.nanoTime() - wall) / 1e6 / reads, count);
    }
  }
}
