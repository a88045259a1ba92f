package server;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOServer;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import server.faults.FaultPlan;
import server.faults.LeakPerConnection;
import server.faults.SlowAck;
import server.faults.StallOnDisconnect;

/**
 * The seed's protocol on netty-socketio's listeners: {@code socket.on('ping', ack => ack('pong'))}, an
 * {@code echo} acknowledged with its payload, and every connect and disconnect put in the ledger. The faults
 * that act inside the protocol (slow-ack, stall-on-disconnect, leak) act here.
 */
final class SeedProtocol {

  private static final Logger log = LoggerFactory.getLogger(SeedProtocol.class);

  private final ConnectionLedger ledger;
  private final FaultActions faults;
  private final SlowAck slowAck;
  private final StallOnDisconnect stall;
  private final LeakPerConnection leak;

  SeedProtocol(ConnectionLedger ledger, FaultPlan plan, FaultActions faults) {
    this.ledger = ledger;
    this.faults = faults;
    this.slowAck = plan.slowAck().orElse(null);
    this.stall = plan.stallOnDisconnect().orElse(null);
    this.leak = plan.leakPerConnection().orElse(null);
  }

  void listenOn(SocketIOServer server) {
    server.addConnectListener(client -> {
      ledger.connected(client.getSessionId());
      // netty-socketio keeps the upgrade request's headers for the whole session (about 2 KiB: eight to ten
      // entries, their names and values); this server reads none of them after the handshake, so they go now.
      client.getHandshakeData().getHttpHeaders().clear();
      if (leak != null) {
        leak.onConnect();
      }
    });
    server.addDisconnectListener(client -> {
      // netty-socketio ends a session itself only on a ping timeout, from its timer thread, and queues the
      // channel's close on the event loop, which may finish it before this listener runs: so an open channel
      // alone would call some ping timeouts transport closes. A transport the peer closed reaches this
      // listener from the channel's event loop, whose threads are Netty's FastThreadLocalThreads; the timer's
      // (a HashedWheelTimer with the JDK's default thread factory) are not.
      boolean endedBySocketIo = client.isChannelOpen() || !(Thread.currentThread() instanceof FastThreadLocalThread);
      Optional<DisconnectReason> reason = ledger.disconnected(client.getSessionId(), endedBySocketIo);
      if (reason.isEmpty()) {
        log.debug("{}: its end was counted already (netty-socketio reported it twice)", client.getSessionId());
        return;
      }
      log.debug("{} disconnected: {}", client.getSessionId(), reason.get().label);
      if (stall != null) {
        stall.onDisconnect();
      }
    });
    server.addEventListener("ping", Object.class, (client, data, ack) -> acknowledge(ack, "pong"));
    server.addEventListener("echo", Object.class, (client, data, ack) -> acknowledge(ack, data));
  }

  private void acknowledge(AckRequest ack, Object data) {
    if (!ack.isAckRequested()) {
      return;
    }
    if (slowAck == null) {
      ack.sendAckData(data);
      ledger.acked();
    } else {
      faults.after(slowAck.delay(), () -> {
        ack.sendAckData(data);
        ledger.acked();
      });
    }
  }
}
