package server;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's TLS: 1.2 and 1.3 only, on BoringSSL (netty-tcnative) where it loads and is asked for, else the JDK's. */
final class ServerTls {

  private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

  private ServerTls() {}

  /** The context serving connections, or null without TLS. */
  static SslContext context(ServerConfig config, ServerCertificate certificate) {
    if (certificate == null) {
      return null;
    }
    try {
      SslProvider provider = provider(config);
      SslContext context = SslContextBuilder.forServer(certificate.keyManagerFactory(provider))
          .sslProvider(provider)
          .protocols("TLSv1.3", "TLSv1.2")
          .build();
      if (context instanceof OpenSslContext openSsl) {
        // netty-tcnative gives every connection this native buffer, for its whole life, for what BoringSSL
        // writes while reading (the handshake's reply flight). A write that does not fit is taken in parts as
        // netty drains it, so a smaller buffer changes nothing on the wire (docs/performance.md).
        openSsl.setBioNonApplicationBufferSize(config.tlsBioBuffer);
      }
      return context;
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** "openssl", "jdk", or "none" without TLS. */
  static String implementation(ServerConfig config) {
    return !config.tls ? "none" : provider(config) == SslProvider.OPENSSL ? "openssl" : "jdk";
  }

  private static SslProvider provider(ServerConfig config) {
    if (config.tlsProvider.equals("openssl")) {
      if (OpenSsl.isAvailable()) {
        return SslProvider.OPENSSL;
      }
      log.warn("-Dserver.tlsProvider=openssl: BoringSSL does not load here ({}); using the JDK's TLS",
          OpenSsl.unavailabilityCause().toString());
    }
    return SslProvider.JDK;
  }
}
