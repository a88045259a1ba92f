package lab.timeline;

import java.util.Optional;

/** Counts the server-side sockets of one local port of this host by TCP state. */
public interface PortCountReader {

  /** The counts now, or empty if they cannot be read (never a partial count). */
  Optional<PortCounts> read(int port);

  /** How it reads them, for the run's header and docs. */
  String name();

  /** Netlink sock_diag where the host answers it, else /proc/net/tcp and tcp6. */
  static PortCountReader best() {
    return SockDiag.open().map(PortCountReader.class::cast).orElseGet(ProcNetTcp::reader);
  }
}
