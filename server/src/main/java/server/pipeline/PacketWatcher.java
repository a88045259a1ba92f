package server.pipeline;

import com.corundumstudio.socketio.messages.PacketsMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import server.ConnectionLedger;

/**
 * Looks at each incoming Socket.IO packet before netty-socketio handles it, without consuming it, to mark
 * the ones the accounting needs: a client's goodbye ({@code 41}, or Engine.IO close {@code 1}) and a request
 * to join a namespace that does not exist.
 */
@Sharable
public final class PacketWatcher extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(PacketWatcher.class);

  private final ConnectionLedger ledger;
  private final Predicate<String> namespaceExists;

  public PacketWatcher(ConnectionLedger ledger, Predicate<String> namespaceExists) {
    this.ledger = ledger;
    this.namespaceExists = namespaceExists;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof PacketsMessage) {
      PacketsMessage packets = (PacketsMessage) msg;
      ByteBuf content = packets.getContent();
      int start = content.readerIndex();
      int length = content.readableBytes();
      byte first = length > 0 ? content.getByte(start) : 0;
      byte second = length > 1 ? content.getByte(start + 1) : 0;
      if (first == '1' && length == 1 || first == '4' && second == '1') {
        ledger.markClientLeft(packets.getClient().getSessionId());
      } else if (first == '4' && second == '0' && length > 2 && content.getByte(start + 2) == '/') {
        String namespace = namespaceOf(content.toString(start + 2, Math.min(length - 2, 256), StandardCharsets.UTF_8));
        if (!namespaceExists.test(namespace)) {
          ledger.namespaceRefused();
          log.info("refused {}: unknown namespace '{}'", ctx.channel().remoteAddress(), namespace);
        }
      }
      // Handling is synchronous: if netty-socketio fails on this packet, the guard can still name it.
      ctx.channel().attr(ChannelMarks.PACKET_IN_HAND).set(preview(content, start, Math.min(length, 40)));
      try {
        super.channelRead(ctx, msg);
      } finally {
        ctx.channel().attr(ChannelMarks.PACKET_IN_HAND).set(null);
      }
      return;
    }
    super.channelRead(ctx, msg);
  }

  /** Printable ASCII as it is, anything else as \xNN: a log line must stay one readable line. */
  private static String preview(ByteBuf content, int start, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = start; i < start + length; i++) {
      int b = content.getByte(i) & 0xff;
      if (b >= 0x20 && b < 0x7f) {
        s.append((char) b);
      } else {
        s.append(String.format("\\x%02x", b));
      }
    }
    return s.toString();
  }

  /** {@code /chat,{"token":1}} or {@code /chat} gives {@code /chat}. */
  private static String namespaceOf(String text) {
    int comma = text.indexOf(',');
    return comma < 0 ? text : text.substring(0, comma);
  }
}
