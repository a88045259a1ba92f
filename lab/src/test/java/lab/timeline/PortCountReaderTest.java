package lab.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both ways of counting a port's sockets, on this host's own loopback connections. */
@EnabledOnOs(OS.LINUX)
class PortCountReaderTest {

  static Stream<PortCountReader> readers() {
    return Stream.of(ProcNetTcp.reader(), SockDiag.open().orElseThrow(() -> new AssertionError("no sock_diag on Linux")));
  }

  /**
   * 3 connections, then pair 0 closed by its client (our end: CLOSE_WAIT) and pair 1 by the server (our end:
   * FIN_WAIT2, the client's CLOSE_WAIT not ours), then each closed by the other side (pair 1: TIME_WAIT on our
   * end; pair 0: LAST_ACK, then gone). The clients' ends are on this host too and are never counted.
   */
  @ParameterizedTest
  @MethodSource("readers")
  void countsThisHostsLoopbackConnectionsByState(PortCountReader reader) throws Exception {
    List<SocketChannel> clients = new ArrayList<>();
    List<SocketChannel> accepted = new ArrayList<>();
    // dual-stack, as Java and Netty open them by default: on a host with IPv6 these are IPv4-mapped IPv6 sockets
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
      for (int i = 0; i < 3; i++) {
        clients.add(SocketChannel.open(listener.getLocalAddress()));
        accepted.add(listener.accept());
      }
      awaitCounts(reader, port, new PortCounts(3, 0, 0, 0, 0, 0, 0, 0, 1, 0));

      clients.get(0).close();
      accepted.get(1).close();
      PortCounts halfClosed = awaitCounts(reader, port, new PortCounts(1, 0, 0, 1, 0, 1, 0, 0, 1, 0));
      assertEquals(2, halfClosed.perfmonEstablished());

      clients.get(1).close();
      accepted.get(0).close();
      awaitCounts(reader, port, new PortCounts(1, 0, 0, 0, 1, 0, 0, 0, 1, 0));
    } finally {
      closeAll(clients);
      closeAll(accepted);
    }
  }

  /**
   * SockDiag asks only in the family where it last saw the port's listener: a server restarted on the same port
   * in the other family (IPv4 only, then dual-stack) is counted whole from the first read after it.
   */
  @Test
  void sockDiagFollowsAListenerIntoTheOtherAddressFamily() throws Exception {
    assumeTrue(hasIpv6(), "needs IPv6 on loopback");
    SockDiag reader = SockDiag.open().orElseThrow();
    List<SocketChannel> sockets = new ArrayList<>();
    int port;
    try (ServerSocketChannel ipv4 = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
      ipv4.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      port = ((InetSocketAddress) ipv4.getLocalAddress()).getPort();
      sockets.add(SocketChannel.open(ipv4.getLocalAddress()));
      sockets.add(ipv4.accept());
      awaitCounts(reader, port, new PortCounts(1, 0, 0, 0, 0, 0, 0, 0, 1, 0));
    } finally {
      closeAll(sockets);
    }
    sockets.clear();
    try (ServerSocketChannel ipv6 = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
      ipv6.setOption(StandardSocketOptions.SO_REUSEADDR, true); // past the first server's TIME_WAIT
      ipv6.bind(new InetSocketAddress(InetAddress.getByName("::1"), port));
      for (int i = 0; i < 2; i++) {
        sockets.add(SocketChannel.open(ipv6.getLocalAddress()));
        sockets.add(ipv6.accept());
      }
      PortCounts first = reader.read(port).orElseThrow();
      assertEquals(2, first.established(), "the first read after the restart: " + first);
      assertEquals(1, first.listen(), first.toString());
    } finally {
      closeAll(sockets);
    }
  }

  @Test
  void aPortWithNothingOnItCountsNothing() throws Exception {
    int port;
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
    for (PortCountReader reader : readers().toList()) {
      PortCounts counts = reader.read(port).orElseThrow();
      assertEquals(0, counts.established() + counts.listen() + counts.synRecv() + counts.closeWait(),
          reader.name() + ": " + counts);
    }
  }

  private static boolean hasIpv6() {
    try (ServerSocketChannel probe = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
      probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * Polls for {@code expected} for up to 5 s: the ack of a FIN can land just after close returns (about half the
   * first reads after a server-side close still show FIN_WAIT1 rather than FIN_WAIT2).
   */
  private static PortCounts awaitCounts(PortCountReader reader, int port, PortCounts expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    PortCounts counts = reader.read(port).orElseThrow();
    while (!counts.equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(10);
      counts = reader.read(port).orElseThrow();
    }
    assertEquals(expected, counts, reader.name());
    return counts;
  }

  private static void closeAll(List<SocketChannel> sockets) {
    for (SocketChannel socket : sockets) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // the test's own outcome matters more
      }
    }
  }
}
