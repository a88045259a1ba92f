package server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import lab.config.InvalidPropertyException;
import lab.config.PropertyReader;
import lab.launch.ServerProcess;
import server.faults.FaultPlan;

/**
 * Every -Dserver.* knob (and -Dfault), read once, validated, and printed at start.
 * The defaults play the seed's server: wss on 127.0.0.1:9010, websocket transport only.
 */
public final class ServerConfig {

  public final String host;
  public final int port;
  public final boolean tls;
  /** The user's PKCS12 file, or null for a self-signed certificate made at start. */
  public final Path keystore;
  public final String keystorePassword;
  public final Duration pingInterval;
  public final Duration pingTimeout;
  public final boolean compression;
  public final int workerThreads;
  private final boolean workerThreadsPerCore;
  public final int acceptBacklog;
  public final int maxFramePayload;
  /** Attachments one binary packet may announce. */
  public final int maxAttachments;
  /** Bytes of a binary packet and its attachments netty-socketio may hold for one connection (Socket.IO's own limit on a message). */
  public final int maxHttpBufferSize;
  /** Bytes waiting to be sent to one connection before it is closed as a peer that does not read. */
  public final int maxOutboundBytes;
  public final Duration firstDataTimeout;
  public final Duration tlsHandshakeTimeout;
  public final boolean epoll;
  /** TLS implementation: "openssl" (BoringSSL, when it loads on this platform) or "jdk". */
  public final String tlsProvider;
  /** Bytes BoringSSL may queue per connection outside the application's buffers (netty-tcnative's BIO buffer). */
  public final int tlsBioBuffer;
  /** Where to write /status once a second from a thread of its own, or null. */
  public final Path statusFile;
  public final FaultPlan faults;
  /**
   * -Dfault.from: a file in which an epoch-ms instant will be written, from which the timed faults count (a run of
   * the lab writes its load's start there); null: from this server's start.
   */
  public final Path faultsFrom;

  private ServerConfig(PropertyReader p) {
    host = p.parsed("server.host", "127.0.0.1", ServerConfig::hostName);
    port = p.integer("server.port", 9010, 0, 65535);
    tls = p.bool("server.tls", true);
    String keystoreValue = p.raw("server.keystore");
    keystore = keystoreValue == null ? null : Path.of(keystoreValue);
    String passwordValue = p.raw(ServerProcess.KEYSTORE_PASSWORD);
    keystorePassword = passwordValue != null ? passwordValue : System.getenv(ServerProcess.KEYSTORE_PASSWORD_ENV);
    if (keystore != null && !Files.isReadable(keystore)) {
      throw new InvalidPropertyException("-Dserver.keystore=" + keystore + " is invalid: expected a readable PKCS12 file");
    }
    if (keystore != null && keystorePassword == null) {
      throw new InvalidPropertyException("-Dserver.keystore.password (or " + ServerProcess.KEYSTORE_PASSWORD_ENV
          + " in the environment) is required with -Dserver.keystore");
    }
    if (keystore != null) {
      // opened once here, so that a wrong password stops the server before it starts, with a line, not a trace
      try {
        ServerCertificate.fromPkcs12(keystore, keystorePassword);
      } catch (IllegalArgumentException e) {
        throw new InvalidPropertyException(e.getMessage());
      }
    }
    pingInterval = p.duration("server.pingInterval", Duration.ofSeconds(25), Duration.ofMillis(100), Duration.ofMinutes(10));
    pingTimeout = p.duration("server.pingTimeout", Duration.ofSeconds(20), Duration.ofMillis(100), Duration.ofMinutes(10));
    compression = p.bool("server.compression", false);
    // 0: one event loop per core, not Netty's two: with four loops on two cores, waiting in and waking from
    // epoll_wait took twice the CPU for the same work (2.4 against 1.2 s at 8000; docs/performance.md).
    int loops = p.integer("server.workerThreads", 0, 0, 256);
    workerThreads = loops == 0 ? Runtime.getRuntime().availableProcessors() : loops;
    workerThreadsPerCore = loops == 0;
    acceptBacklog = p.integer("server.acceptBacklog", 4096, 1, 65535);
    maxFramePayload = p.integer("server.maxFramePayload", 65536, 1024, 16 * 1024 * 1024);
    maxAttachments = p.integer("server.maxAttachments", 100, 0, 1_000_000);
    maxHttpBufferSize = p.integer("server.maxHttpBufferSize", 1_000_000, 1024, 1 << 30);
    maxOutboundBytes = p.integer("server.maxOutboundBytes", 1 << 20, 64 * 1024, 1 << 30);
    firstDataTimeout = p.duration("server.firstDataTimeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5));
    tlsHandshakeTimeout = p.duration("server.tlsHandshakeTimeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5));
    epoll = p.bool("server.epoll", true);
    tlsProvider = p.parsed("server.tlsProvider", "openssl", v -> {
      if (!v.equals("openssl") && !v.equals("jdk")) {
        throw new IllegalArgumentException("expected openssl or jdk");
      }
      return v;
    });
    tlsBioBuffer = p.integer("server.tlsBioBuffer", 512, 256, 65536);
    String statusFileValue = p.raw("server.statusFile");
    statusFile = statusFileValue == null ? null : Path.of(statusFileValue);
    faults = p.parsed("fault", FaultPlan.none(), FaultPlan::parse);
    String faultsFromValue = p.raw("fault.from");
    faultsFrom = faultsFromValue == null ? null : Path.of(faultsFromValue);
  }

  /** An IPv4 address or a host name: the URL, the ready line and the certificate are built for those. */
  private static String hostName(String value) {
    if (value.contains(":")) {
      throw new IllegalArgumentException("IPv6 addresses are not supported: expected an IPv4 address or a host name");
    }
    return value;
  }

  /** Reads and validates every property; throws {@link InvalidPropertyException} naming the first bad one. */
  public static ServerConfig from(PropertyReader reader) {
    return new ServerConfig(reader);
  }

  public static ServerConfig fromSystemProperties() {
    return from(PropertyReader.system());
  }

  public String scheme() {
    return tls ? "wss" : "ws";
  }

  /** The knobs as printed in the header of a run, in a stable order. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("server.host", host);
    m.put("server.port", Integer.toString(port));
    m.put("server.tls", Boolean.toString(tls));
    m.put("server.keystore", keystore == null ? "(self-signed, made at start)" : keystore.toString());
    m.put("server.pingInterval", PropertyReader.format(pingInterval));
    m.put("server.pingTimeout", PropertyReader.format(pingTimeout));
    m.put("server.compression", Boolean.toString(compression));
    m.put("server.workerThreads", workerThreads + (workerThreadsPerCore ? " (one per core)" : ""));
    m.put("server.acceptBacklog", Integer.toString(acceptBacklog));
    m.put("server.maxFramePayload", Integer.toString(maxFramePayload));
    m.put("server.maxAttachments", Integer.toString(maxAttachments));
    m.put("server.maxHttpBufferSize", Integer.toString(maxHttpBufferSize));
    m.put("server.maxOutboundBytes", Integer.toString(maxOutboundBytes));
    m.put("server.firstDataTimeout", PropertyReader.format(firstDataTimeout));
    m.put("server.tlsHandshakeTimeout", PropertyReader.format(tlsHandshakeTimeout));
    m.put("server.epoll", Boolean.toString(epoll));
    m.put("server.tlsProvider", tlsProvider);
    m.put("server.tlsBioBuffer", Integer.toString(tlsBioBuffer));
    m.put("server.statusFile", statusFile == null ? "(none)" : statusFile.toString());
    m.put("fault", faults.toString());
    if (faultsFrom != null) {
      m.put("fault.from", faultsFrom + " (the timed faults count from the instant written there)");
    }
    return m;
  }
}
