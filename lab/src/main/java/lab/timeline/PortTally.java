package lab.timeline;

/** Counts sockets by the kernel's TCP state number, as /proc/net/tcp and sock_diag both give it. */
final class PortTally {
  private int established;
  private int synRecv;
  private int finWait1;
  private int finWait2;
  private int timeWait;
  private int closeWait;
  private int lastAck;
  private int closing;
  private int listen;
  private int other;

  void add(int state) {
    switch (state) {
      case 0x01 -> established++;
      // The kernel lists half-open connections as 03; 0C (NEW_SYN_RECV) is its internal name for them.
      case 0x03, 0x0C -> synRecv++;
      case 0x04 -> finWait1++;
      case 0x05 -> finWait2++;
      case 0x06 -> timeWait++;
      case 0x08 -> closeWait++;
      case 0x09 -> lastAck++;
      case 0x0A -> listen++;
      case 0x0B -> closing++;
      default -> other++; // 02 SYN_SENT, 07 CLOSE, and states newer than this code
    }
  }

  PortCounts counts() {
    return new PortCounts(established, synRecv, finWait1, finWait2, timeWait, closeWait, lastAck, closing, listen,
        other);
  }
}
