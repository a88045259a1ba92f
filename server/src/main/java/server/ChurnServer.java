package server;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.Collection;
import lab.timeline.ProcessStats;
import server.pipeline.AcceptFailureCounter;
import server.pipeline.ChurnChannelInitializer;
import server.pipeline.FloodLimits;
import server.pipeline.PacketWatcher;
import server.pipeline.StatusEndpoints;

/**
 * The Socket.IO server under test, on netty-socketio: TLS, websocket transport only, the default namespace and
 * the seed's protocol ({@link SeedProtocol}). Every connection is accounted for in the {@link ConnectionLedger};
 * faults, if any, are armed at start ({@link FaultActions}). This class starts and stops it.
 */
public final class ChurnServer implements AutoCloseable {

  public static final String SOCKET_IO_PATH = "/socket.io/";

  private final ServerConfig config;
  private final ServerCertificate certificate;
  private final ConnectionLedger ledger = new ConnectionLedger();
  private final EventLoopLag lag = new EventLoopLag();
  private final FaultActions faults = new FaultActions(ledger);
  private ChurnSocketIoServer server;
  private SslContext tls;
  private ServerMetrics metrics;
  private ServerStatus status;
  private int port;

  public ChurnServer(ServerConfig config) {
    this(config, config.tls ? ServerCertificate.of(config) : null);
  }

  /** With a given certificate, so that a test can trust exactly it. */
  public ChurnServer(ServerConfig config, ServerCertificate certificate) {
    this.config = config;
    this.certificate = certificate;
  }

  /** Binds and starts serving; throws IllegalStateException naming the address when it cannot listen. */
  public synchronized ChurnServer start() {
    long startedAt = System.currentTimeMillis();
    // read now: at the limit, reading /proc would itself need a file
    long openFileLimit = ProcessStats.openFileLimit(ProcessHandle.current().pid());
    metrics = new ServerMetrics(ledger, lag);
    status = new ServerStatus(ledger, lag, startedAt, config.faults.toString(), openFileLimit);

    server = new ChurnSocketIoServer(socketIoConfiguration());
    tls = ServerTls.context(config, certificate);
    server.setPipelineFactory(new ChurnChannelInitializer(tls, config.tlsHandshakeTimeout, lag, ledger,
        SOCKET_IO_PATH, new StatusEndpoints(status::json, metrics::scrape),
        new PacketWatcher(ledger, namespace -> server.getNamespace(namespace) != null), faults::refusing,
        new FloodLimits(config.maxAttachments, config.maxHttpBufferSize, config.maxOutboundBytes)));
    new SeedProtocol(ledger, config.faults, faults).listenOn(server);

    Future<Void> bound = server.startAsync().awaitUninterruptibly();
    if (!bound.isSuccess()) {
      server.stop();
      throw new IllegalStateException("cannot listen on " + config.host + ":" + config.port + ": "
          + bound.cause().getMessage(), bound.cause());
    }
    Channel listening = ((ChannelFuture) bound).channel();
    // after Netty's acceptor, which pauses accepting for a second on each failure
    listening.pipeline().addLast("acceptFailureCounter", new AcceptFailureCounter(ledger, openFileLimit, System::nanoTime));
    port = ((InetSocketAddress) listening.localAddress()).getPort();
    faults.arm(config.faults, server, listening, startedAt, config.faultsFrom);
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

  /** The TLS implementation serving connections: "openssl", "jdk" or "none". */
  public String tlsImplementation() {
    return ServerTls.implementation(config);
  }

  /** The sessions connected now. */
  public Collection<SocketIOClient> clients() {
    return server.getAllClients();
  }

  /** Disconnects {@code count} connections chosen at random, as the kick fault does; returns how many. */
  public int kick(int count) {
    return faults.kick(count);
  }

  /** The TLS context serving connections (null without TLS); valid once started. */
  public SslContext tlsContext() {
    return tls;
  }

  public ConnectionLedger ledger() {
    return ledger;
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

  /** Closes every connection (counted as {@code server-shutdown}) and stops listening. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    ledger.shuttingDown();
    lag.stop();
    faults.close();
    server.stop();
    metrics.close();
    server = null;
  }

  @Override
  public void close() {
    stop();
  }
}
