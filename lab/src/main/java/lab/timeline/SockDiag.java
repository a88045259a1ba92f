package lab.timeline;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Counts the server-side sockets of one local port by TCP state through Linux's netlink sock_diag, as
 * {@code ss -tan 'sport = :PORT'} asks: the kernel keeps only the port's sockets and sends them in binary, where
 * {@link ProcNetTcp} has it print a text line for every TCP socket on the host (the clients' ends included) and
 * parses them all. Once it has seen the port's listener, it asks only in that listener's address family.
 */
public final class SockDiag implements PortCountReader {

  /** The C library calls, through JNA: Java 17 cannot open a netlink socket by itself. */
  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    NativeLong send(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

    NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

    int close(int fd);
  }

  enum Family {
    INET(2), INET6(10);

    final int code;

    Family(int code) {
      this.code = code;
    }

    static Optional<Family> of(int code) {
      for (Family f : values()) {
        if (f.code == code) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  private static final int AF_NETLINK = 16;
  private static final int SOCK_RAW = 3;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int NETLINK_SOCK_DIAG = 4;
  private static final int SOCK_DIAG_BY_FAMILY = 20;
  private static final short NLM_F_REQUEST = 0x1;
  private static final short NLM_F_DUMP = 0x300;
  private static final int NLMSG_ERROR = 2;
  private static final int NLMSG_DONE = 3;
  private static final int NLMSG_HEADER = 16;
  private static final int IPPROTO_TCP = 6;
  private static final short INET_DIAG_REQ_BYTECODE = 1;
  private static final byte INET_DIAG_BC_S_GE = 2;
  private static final byte INET_DIAG_BC_S_LE = 3;
  private static final int TCP_LISTEN = 10;
  private static final int RECEIVE_BUFFER = 256 * 1024;

  private final LibC libc;
  private final byte[] buffer = new byte[RECEIVE_BUFFER];
  /** The families of the listeners seen on the last read: where the port's sockets are. */
  private Set<Family> families = EnumSet.allOf(Family.class);
  private int familiesOfPort = -1;

  private SockDiag(LibC libc) {
    this.libc = libc;
  }

  /** A reader, if this host answers sock_diag (Linux, with JNA's native library loadable): tried once. */
  public static Optional<SockDiag> open() {
    try {
      SockDiag reader = new SockDiag(Native.load("c", LibC.class));
      reader.dump(Family.INET, 0, new PortTally(), EnumSet.noneOf(Family.class)); // port 0 has none: a dry run
      return Optional.of(reader);
    } catch (LinkageError | RuntimeException e) {
      return Optional.empty(); // not Linux, no netlink, or no native access: ProcNetTcp does the job
    }
  }

  @Override
  public synchronized Optional<PortCounts> read(int port) {
    if (port != familiesOfPort) {
      families = EnumSet.allOf(Family.class);
      familiesOfPort = port;
    }
    PortTally tally = new PortTally();
    Set<Family> listeners = EnumSet.noneOf(Family.class);
    try {
      for (Family family : families) {
        dump(family, port, tally, listeners);
      }
      if (listeners.isEmpty()) {
        // no listener where it was: gone, or back in the other family after a restart; ask there too
        for (Family family : EnumSet.complementOf(EnumSet.copyOf(families))) {
          dump(family, port, tally, listeners);
        }
      }
    } catch (RuntimeException e) {
      return Optional.empty(); // "unknown" rather than a partial count
    }
    families = listeners.isEmpty() ? EnumSet.allOf(Family.class) : listeners;
    return Optional.of(tally.counts());
  }

  @Override
  public String name() {
    return "netlink sock_diag";
  }

  /** One dump request for {@code family}'s TCP sockets whose local port is {@code port}, every state. */
  private void dump(Family family, int port, PortTally tally, Set<Family> listeners) {
    int fd = libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    try {
      byte[] request = request(family, port);
      libc.send(fd, request, new NativeLong(request.length), 0);
      while (true) {
        int length = (int) libc.recv(fd, buffer, new NativeLong(buffer.length), 0).longValue();
        ByteBuffer in = ByteBuffer.wrap(buffer, 0, length).order(ByteOrder.nativeOrder());
        while (in.remaining() >= NLMSG_HEADER) {
          int start = in.position();
          int messageLength = in.getInt(start);
          int type = Short.toUnsignedInt(in.getShort(start + 4));
          if (type == NLMSG_DONE) {
            return;
          }
          if (type == NLMSG_ERROR) {
            throw new IllegalStateException("sock_diag refused the request: errno " + -in.getInt(start + NLMSG_HEADER));
          }
          if (type == SOCK_DIAG_BY_FAMILY) {
            // struct inet_diag_msg: family, state, ...
            int state = Byte.toUnsignedInt(in.get(start + NLMSG_HEADER + 1));
            tally.add(state);
            if (state == TCP_LISTEN) {
              Family.of(Byte.toUnsignedInt(in.get(start + NLMSG_HEADER))).ifPresent(listeners::add);
            }
          }
          if (messageLength < NLMSG_HEADER) {
            throw new IllegalStateException("sock_diag sent a malformed message");
          }
          in.position(Math.min(in.limit(), start + (messageLength + 3 & ~3)));
        }
      }
    } finally {
      libc.close(fd);
    }
  }

  /**
   * nlmsghdr, then struct inet_diag_req_v2 (family, protocol, extensions, pad, states, a 48-byte socket id left
   * empty), then the filter: the port is at least and at most {@code port}, in the kernel's bytecode.
   */
  static byte[] request(Family family, int port) {
    int filterLength = 16;
    int attributeLength = 4 + filterLength;
    int length = NLMSG_HEADER + 56 + attributeLength;
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
    b.putInt(length).putShort((short) SOCK_DIAG_BY_FAMILY).putShort((short) (NLM_F_REQUEST | NLM_F_DUMP)).putInt(1).putInt(0);
    b.put((byte) family.code).put((byte) IPPROTO_TCP).put((byte) 0).put((byte) 0).putInt(-1); // every state
    b.position(b.position() + 48);
    b.putShort((short) attributeLength).putShort(INET_DIAG_REQ_BYTECODE);
    // each op: code, where to go if true, if false (past the end rejects), then an op whose "false" field holds the port
    b.put(INET_DIAG_BC_S_GE).put((byte) 8).putShort((short) (filterLength + 4)).putShort((short) 0).putShort((short) port);
    b.put(INET_DIAG_BC_S_LE).put((byte) 8).putShort((short) 12).putShort((short) 0).putShort((short) port);
    return b.array();
  }
}
