package server;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.transport.NamespaceClient;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import server.faults.FaultTarget;
import server.faults.SlowAck;
import server.faults.StallOnDisconnect;
import server.faults.TimedFault;
import server.pipeline.ChurnChannelInitializer;
import server.pipeline.PacketWatcher;
import server.pipeline.StatusEndpoints;

/**
 * The Socket.IO server under test, on netty-socketio: TLS, websocket transport only, the default namespace,
 * the seed's {@code ping} event acknowledged with {@code pong}, and {@code echo} acknowledged with its payload.
 * Every connection is accounted for in the {@link ConnectionLedger}; faults, if any, are armed at start.
 */
public final class ChurnServer implements FaultTarget, AutoCloseable {

  public static final String SOCKET_IO_PATH = "/socket.io/";
  private static final Logger log = LoggerFactory.getLogger(ChurnServer.class);

  private final ServerConfig config;
  private final ServerCertificate certificate;
  private final ConnectionLedger ledger = new ConnectionLedger();
  private final EventLoopLag lag = new EventLoopLag();
  private final StallOnDisconnect stall;
  private final SlowAck slowAck;
  private ScheduledExecutorService faultTimer;
  private SocketIOServer server;
  private SslContext tls;
  private ServerMetrics metrics;
  private ServerStatus status;
  private Channel serverChannel;
  private int port;

  public ChurnServer(ServerConfig config) {
    this(config, config.tls ? ServerCertificate.of(config) : null);
  }

  /** With a given certificate, so that a test can trust exactly it. */
  public ChurnServer(ServerConfig config, ServerCertificate certificate) {
    this.config = config;
    this.certificate = certificate;
    this.stall = config.faults.stallOnDisconnect().orElse(null);
    this.slowAck = config.faults.slowAck().orElse(null);
  }

  /** Binds and starts serving; throws IllegalStateException naming the address when it cannot listen. */
  public synchronized ChurnServer start() {
    long startedAt = System.currentTimeMillis();
    metrics = new ServerMetrics(ledger, lag);
    status = new ServerStatus(ledger, lag, startedAt, config.faults.toString());

    server = new SocketIOServer(socketIoConfiguration());
    tls = sslContext();
    server.setPipelineFactory(new ChurnChannelInitializer(tls, config.tlsHandshakeTimeout, lag, ledger,
        SOCKET_IO_PATH, new StatusEndpoints(status::json, metrics::scrape),
        new PacketWatcher(ledger, namespace -> server.getNamespace(namespace) != null)));
    server.addConnectListener(client -> {
      ledger.connected(client.getSessionId());
      // netty-socketio keeps the upgrade request's headers for the whole session (about 2 KiB: eight to ten
      // entries, their names and values); this server reads none of them after the handshake, so they go now.
      client.getHandshakeData().getHttpHeaders().clear();
    });
    server.addDisconnectListener(client -> {
      // netty-socketio ends a session itself only on a ping timeout, from its timer thread, and queues the
      // channel's close on the event loop, which may finish it before this listener runs: so an open channel
      // alone would call some ping timeouts transport closes. A transport the peer closed reaches this
      // listener from the channel's event loop, whose threads are Netty's FastThreadLocalThreads; the timer's
      // (a HashedWheelTimer with the JDK's default thread factory) are not.
      boolean endedBySocketIo = client.isChannelOpen() || !(Thread.currentThread() instanceof FastThreadLocalThread);
      DisconnectReason reason = ledger.disconnected(client.getSessionId(), endedBySocketIo);
      log.debug("{} disconnected: {}", client.getSessionId(), reason.label);
      if (stall != null) {
        stall.onDisconnect();
      }
    });
    // The seed's protocol: socket.on('ping', ack => ack('pong')).
    server.addEventListener("ping", Object.class, (client, data, ack) -> acknowledge(ack, "pong"));
    server.addEventListener("echo", Object.class, (client, data, ack) -> acknowledge(ack, data));

    Future<Void> bound = server.startAsync().awaitUninterruptibly();
    if (!bound.isSuccess()) {
      server.stop();
      throw new IllegalStateException("cannot listen on " + config.host + ":" + config.port + ": "
          + bound.cause().getMessage(), bound.cause());
    }
    serverChannel = ((ChannelFuture) bound).channel();
    port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    armTimedFaults(startedAt);
    return this;
  }

  private Configuration socketIoConfiguration() {
    Configuration c = new Configuration();
    c.setHostname(config.host);
    c.setPort(config.port);
    c.setTransports(Transport.WEBSOCKET);
    c.setRandomSession(true); // sid reuse keeps memory after disconnect (netty-socketio #966, #1000)
    c.setPingInterval((int) config.pingInterval.toMillis());
    c.setPingTimeout((int) config.pingTimeout.toMillis());
    c.setWebsocketCompression(config.compression);
    c.setHttpCompression(false);
    c.setBossThreads(1);
    c.setWorkerThreads(config.workerThreads);
    c.setUseLinuxNativeEpoll(config.epoll && Epoll.isAvailable());
    c.setMaxFramePayloadLength(config.maxFramePayload);
    c.setFirstDataTimeout((int) config.firstDataTimeout.toMillis());
    c.setAckMode(AckMode.MANUAL); // acks are sent by our listeners, possibly late (slow-ack fault)
    c.setExceptionListener(new OneLineExceptionListener());
    c.getSocketConfig().setAcceptBackLog(config.acceptBacklog);
    c.getSocketConfig().setReuseAddress(true);
    c.getSocketConfig().setTcpNoDelay(true);
    return c;
  }

  private SslContext sslContext() {
    if (certificate == null) {
      return null;
    }
    try {
      SslProvider provider = tlsProvider();
      SslContext context = SslContextBuilder.forServer(certificate.keyManagerFactory(provider))
          .sslProvider(provider)
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
      if (context instanceof OpenSslContext openSsl) {
        // netty-tcnative gives every connection this native buffer, for its whole life, for what BoringSSL
        // writes while reading (the handshake's reply flight). A write that does not fit is taken in parts as
        // netty drains it, so a smaller buffer changes nothing on the wire; Netty's 2048 cost about 1.5 KiB
        // more RSS per connection than 512 at 8000 connections (README, performance).
        openSsl.setBioNonApplicationBufferSize(config.tlsBioBuffer);
      }
      return context;
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** BoringSSL when asked for and loadable here (netty-tcnative ships it for Linux x86_64), else the JDK's. */
  private SslProvider tlsProvider() {
    if (config.tlsProvider.equals("openssl")) {
      if (OpenSsl.isAvailable()) {
        return SslProvider.OPENSSL;
      }
      log.warn("-Dserver.tlsProvider=openssl: BoringSSL does not load here ({}); using the JDK's TLS",
          OpenSsl.unavailabilityCause().toString());
    }
    return SslProvider.JDK;
  }

  /** The TLS implementation serving connections: "openssl" or "jdk". */
  public String tlsImplementation() {
    return certificate == null ? "none" : tlsProvider() == SslProvider.OPENSSL ? "openssl" : "jdk";
  }

  private void acknowledge(AckRequest ack, Object data) {
    if (!ack.isAckRequested()) {
      return;
    }
    if (slowAck == null) {
      ack.sendAckData(data);
      ledger.acked();
    } else {
      faultTimer().schedule(() -> {
        ack.sendAckData(data);
        ledger.acked();
      }, slowAck.delay().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void armTimedFaults(long startedAt) {
    for (TimedFault fault : config.faults.timed()) {
      long delay = Math.max(0, startedAt + fault.at().toMillis() - System.currentTimeMillis());
      faultTimer().schedule(() -> {
        log.warn("fault {}: firing", fault.spec());
        fault.fire(this);
      }, delay, TimeUnit.MILLISECONDS);
    }
    if (!config.faults.isEmpty()) {
      log.warn("faults armed: {}", config.faults);
    }
  }

  private synchronized ScheduledExecutorService faultTimer() {
    if (faultTimer == null) {
      faultTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fault-timer");
        t.setDaemon(true);
        return t;
      });
    }
    return faultTimer;
  }

  @Override
  public int kick(int count) {
    List<SocketIOClient> clients = new ArrayList<>(clients());
    Collections.shuffle(clients);
    int kicked = 0;
    for (SocketIOClient client : clients.subList(0, Math.min(count, clients.size()))) {
      ledger.markServerClose(client.getSessionId());
      // The base client sends 41, closes the TCP connection after it, and fires the disconnect listener.
      ((NamespaceClient) client).getBaseClient().disconnect();
      kicked++;
    }
    log.warn("fault kick: disconnected {} of {} connections", kicked, clients.size());
    return kicked;
  }

  @Override
  public int connected() {
    return (int) ledger.connected();
  }

  @Override
  public void pauseAccepting(java.time.Duration pause) {
    serverChannel.config().setAutoRead(false);
    log.warn("fault accept-pause: not accepting new connections for {} ms", pause.toMillis());
    faultTimer().schedule(() -> {
      serverChannel.config().setAutoRead(true);
      log.warn("fault accept-pause: accepting again");
    }, pause.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void crash() {
    System.err.println("fault crash-at: the server process exits now, abruptly");
    System.err.flush();
    Runtime.getRuntime().halt(70);
  }

  /** The sessions connected now. */
  public Collection<SocketIOClient> clients() {
    return server.getAllClients();
  }

  /** The TLS context serving connections (null without TLS); valid once started. */
  public SslContext tlsContext() {
    return tls;
  }

  public ConnectionLedger ledger() {
    return ledger;
  }

  public EventLoopLag lag() {
    return lag;
  }

  public int port() {
    return port;
  }

  public String url() {
    return config.scheme() + "://" + config.host + ":" + port;
  }

  /** What /status answers; valid once started. */
  public ServerStatus status() {
    return status;
  }

  public ServerCertificate certificate() {
    return certificate;
  }

  public synchronized void stop() {
    if (server == null) {
      return;
    }
    lag.stop();
    if (faultTimer != null) {
      faultTimer.shutdownNow();
    }
    server.stop();
    metrics.close();
    server = null;
  }

  @Override
  public void close() {
    stop();
  }
}
