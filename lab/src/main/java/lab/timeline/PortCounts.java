package lab.timeline;

/** How many server-side sockets of one local port are in each TCP state, as {@link ProcNetTcp} counted them. */
public record PortCounts(int established, int synRecv, int finWait1, int finWait2, int timeWait, int closeWait,
    int lastAck, int closing, int listen, int other) {

  private static final PortCounts EMPTY = new PortCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public static PortCounts empty() {
    return EMPTY;
  }

  /** Windows perfmon's "TCPv4 Connections Established" counts ESTABLISHED and CLOSE_WAIT together. */
  public int perfmonEstablished() {
    return established + closeWait;
  }

  /** The sum of both, e.g. the IPv4 and IPv6 tables: a socket is listed in only one of them. */
  public PortCounts plus(PortCounts o) {
    return new PortCounts(established + o.established, synRecv + o.synRecv, finWait1 + o.finWait1,
        finWait2 + o.finWait2, timeWait + o.timeWait, closeWait + o.closeWait, lastAck + o.lastAck,
        closing + o.closing, listen + o.listen, other + o.other);
  }
}
