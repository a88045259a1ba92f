package server.pipeline;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** What the handlers of one channel tell each other about it, kept on the channel itself. */
final class ChannelMarks {

  /** The TLS handshake completed. */
  static final AttributeKey<Boolean> TLS_DONE = AttributeKey.valueOf("connectiondrop.tlsDone");
  /** The channel served /status or /metrics: a plain HTTP client, not a Socket.IO one. */
  static final AttributeKey<Boolean> PLAIN_HTTP = AttributeKey.valueOf("connectiondrop.plainHttp");
  /** Its failure or refusal was counted and logged already; say nothing more when it closes. */
  static final AttributeKey<Boolean> ACCOUNTED = AttributeKey.valueOf("connectiondrop.accounted");

  /** The start of the Socket.IO packet being handled right now, to name it if handling it fails. */
  static final AttributeKey<String> PACKET_IN_HAND = AttributeKey.valueOf("connectiondrop.packetInHand");

  private ChannelMarks() {}

  static boolean has(Channel ch, AttributeKey<Boolean> key) {
    return Boolean.TRUE.equals(ch.attr(key).get());
  }

  static void set(Channel ch, AttributeKey<Boolean> key) {
    ch.attr(key).set(Boolean.TRUE);
  }

  /** Sets the mark and says whether it was set by this call. */
  static boolean setFirst(Channel ch, AttributeKey<Boolean> key) {
    return ch.attr(key).setIfAbsent(Boolean.TRUE) == null;
  }
}
