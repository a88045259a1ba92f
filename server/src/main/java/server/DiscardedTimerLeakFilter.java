package server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * netty-socketio's SocketIOServer builds a default pipeline factory, with a timer, in its constructor; ours
 * replaces it before start, so that unused timer is never started nor stopped, and Netty's leak detector
 * reports it as "LEAK: HashedWheelTimer.release() was not called" when it is collected. That line is not a
 * leak of this server (no thread, no memory held) and would mislead a person reading a churn run's log.
 */
public final class DiscardedTimerLeakFilter extends Filter<ILoggingEvent> {

  @Override
  public FilterReply decide(ILoggingEvent event) {
    boolean discardedTimer = event.getLoggerName().equals("io.netty.util.ResourceLeakDetector")
        && event.getFormattedMessage().contains("HashedWheelTimer.release()")
        && event.getFormattedMessage().contains("SocketIOServer.<init>");
    return discardedTimer ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
