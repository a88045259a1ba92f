package server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLSocket;

/**
 * A websocket written frame by frame over a plain TLS socket, for what no client library sends: fragments that
 * never end, floods written as fast as the socket takes them, and a peer that never reads its socket.
 */
final class RawWebSocket implements AutoCloseable {

  static final int TEXT = 1;
  static final int BINARY = 2;
  static final int CONTINUATION = 0;

  private final SSLSocket socket;
  private final OutputStream out;
  private final DataInputStream in;

  private RawWebSocket(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  /**
   * Upgrades to an EIO4 websocket and joins the default namespace. {@code receiveBuffer} bytes of socket
   * receive buffer (0 for the system's): a small one keeps what the server sends to a peer that does not read
   * in the server's memory, not in the kernel's.
   */
  static RawWebSocket joined(int port, X509Certificate certificate, int receiveBuffer) throws Exception {
    SSLSocket socket = (SSLSocket) TestTls.context(certificate).getSocketFactory().createSocket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(5000);
    RawWebSocket ws = new RawWebSocket(socket);
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    ws.out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    ws.out.flush();
    String response = ws.readHeaders();
    if (!response.startsWith("HTTP/1.1 101")) {
      throw new AssertionError("no upgrade: " + response);
    }
    ws.expect("0{");
    ws.text("40");
    ws.expect("40{");
    return ws;
  }

  void text(String message) throws IOException {
    frame(TEXT, true, message.getBytes(StandardCharsets.UTF_8));
  }

  void frame(int opcode, boolean fin, byte[] payload) throws IOException {
    out.write(encode(opcode, fin, payload));
    out.flush();
  }

  /** Writes bytes as they are: many frames {@link #encode}d together go out in one write. */
  void write(byte[] frames) throws IOException {
    out.write(frames);
    out.flush();
  }

  /** One masked client frame. */
  static byte[] encode(int opcode, boolean fin, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length <= 0xffff) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift) & 0xff);
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    return frame.toByteArray();
  }

  /** The next text message from the server, answering its pings; fails unless it starts with {@code prefix}. */
  String expect(String prefix) throws IOException {
    while (true) {
      int first = in.readUnsignedByte();
      int length = in.readUnsignedByte() & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = (int) in.readLong();
      }
      byte[] payload = new byte[length];
      in.readFully(payload);
      String message = new String(payload, StandardCharsets.UTF_8);
      if ((first & 0x0f) != TEXT) {
        throw new AssertionError("expected a text frame, got opcode " + (first & 0x0f) + ": " + message);
      }
      if (message.equals("2")) {
        text("3");
        continue;
      }
      if (!message.startsWith(prefix)) {
        throw new AssertionError("expected '" + prefix + "...' but got '" + message + "'");
      }
      return message;
    }
  }

  private String readHeaders() throws IOException {
    StringBuilder headers = new StringBuilder();
    while (!headers.toString().endsWith("\r\n\r\n")) {
      headers.append((char) in.readUnsignedByte());
    }
    return headers.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closed by the server already
    }
  }
}
