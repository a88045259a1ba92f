package server.pipeline;

/**
 * What one connection may make the server hold: {@code maxAttachments} and {@code maxHttpBufferSize} bound a
 * binary packet waiting for its attachments, {@code maxOutboundBytes} what waits to be sent to a peer.
 */
public record FloodLimits(int maxAttachments, int maxHttpBufferSize, int maxOutboundBytes) {}
