package server.pipeline;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Bounds what netty-socketio holds for a binary packet (Socket.IO types 5 and 6, {@code 451-[...]}) until
 * its attachments have arrived: it takes the next messages as attachments, as many as the packet announces,
 * and keeps each one Base64-encoded, with no limit of its own. A packet announcing more than
 * {@code maxAttachments}, more messages taken as attachments than that, or a packet and its attachments over
 * {@code maxHttpBufferSize} bytes as received (Socket.IO's limit on a message) closes the connection.
 * One per channel: it counts the packet in progress.
 */
public final class BinaryAttachmentLimit extends ChannelInboundHandlerAdapter {

  private final int maxAttachments;
  private final int maxBytes;
  private long bytes;
  private int attachments;

  public BinaryAttachmentLimit(int maxAttachments, int maxBytes) {
    this.maxAttachments = maxAttachments;
    this.maxBytes = maxBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (!(msg instanceof PacketsMessage)) {
      ctx.fireChannelRead(msg);
      return;
    }
    PacketsMessage packets = (PacketsMessage) msg;
    ClientHead client = packets.getClient();
    ByteBuf content = packets.getContent();
    int size = content.readableBytes();
    if (awaitingAttachments(client)) {
      if (++attachments > maxAttachments) {
        ctx.fireExceptionCaught(new LimitExceeded("a binary packet took more than " + maxAttachments
            + " messages as attachments, over the limit (server.maxAttachments)"));
        return;
      }
      if (bytes + size > maxBytes) {
        ctx.fireExceptionCaught(new LimitExceeded("a binary packet and its attachments over " + maxBytes
            + " bytes, the limit (server.maxHttpBufferSize)"));
        return;
      }
      bytes += size;
      ctx.fireChannelRead(msg);
      return;
    }
    long announced = announcedAttachments(content);
    if (announced > maxAttachments) {
      ctx.fireExceptionCaught(new LimitExceeded("a binary packet announcing " + announced
          + " attachments, over the limit of " + maxAttachments + " (server.maxAttachments)"));
      return;
    }
    ctx.fireChannelRead(msg);
    // handled synchronously: netty-socketio now waits for attachments if this message announced some
    bytes = size;
    attachments = 0;
  }

  private static boolean awaitingAttachments(ClientHead client) {
    Packet pending = client.getLastBinaryPacket();
    return pending != null && pending.hasAttachments() && !pending.isAttachmentsLoaded();
  }

  /** The N of {@code 45N-} or {@code 46N-}; 0 for any other packet. Up to 18 digits, so that no count overflows. */
  static long announcedAttachments(ByteBuf content) {
    int start = content.readerIndex();
    int end = content.writerIndex();
    if (end - start < 4 || content.getByte(start) != '4' || content.getByte(start + 1) != '5' && content.getByte(start + 1) != '6') {
      return 0;
    }
    long count = 0;
    int digits = 0;
    for (int i = start + 2; i < end && digits <= 18; i++, digits++) {
      byte b = content.getByte(i);
      if (b == '-') {
        return count;
      }
      if (b < '0' || b > '9') {
        return 0;
      }
      count = count * 10 + (b - '0');
    }
    return digits > 18 ? Long.MAX_VALUE : 0;
  }
}
