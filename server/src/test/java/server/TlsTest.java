package server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslProvider;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import lab.config.InvalidPropertyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The certificate made at start, and the TLS versions the server accepts. This module's test JVMs let their clients
 * offer TLS 1.0 and 1.1 (src/test/resources/old-tls-allowed.security), so that a refusal can only come from the
 * server's own protocol list.
 */
class TlsTest {

  private static ChurnServer server;

  @BeforeAll
  static void start() {
    server = TestServers.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void boringSslGetsTheKeyInItsOwnFormOnceNotAtEveryHandshake() {
    // netty-tcnative caches the converted key and chain only behind this factory; with any other it encodes them
    // to PEM and parses them again on every handshake (docs/performance.md).
    ServerCertificate certificate = server.certificate();
    assertInstanceOf(OpenSslCachingX509KeyManagerFactory.class, certificate.keyManagerFactory(SslProvider.OPENSSL));
    assertFalse(certificate.keyManagerFactory(SslProvider.JDK) instanceof OpenSslCachingX509KeyManagerFactory,
        "the JDK's TLS takes the JDK's factory");
  }

  @Test
  void certificateIsSelfSignedEcP256ForLocalhostAnd127001AndShortLived() throws Exception {
    X509Certificate cert = server.certificate().certificate();
    cert.verify(cert.getPublicKey()); // self-signed
    ECPublicKey key = (ECPublicKey) cert.getPublicKey();
    assertEquals(256, key.getParams().getCurve().getField().getFieldSize());
    assertEquals("SHA256withECDSA", cert.getSigAlgName());
    assertTrue(cert.getSubjectAlternativeNames().contains(List.of(2, "localhost")), "SAN dNSName localhost");
    assertTrue(cert.getSubjectAlternativeNames().contains(List.of(7, "127.0.0.1")), "SAN iPAddress 127.0.0.1");
    assertEquals(-1, cert.getBasicConstraints(), "not a CA");
    assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "EKU serverAuth");
    Duration validity = Duration.ofMillis(cert.getNotAfter().getTime() - cert.getNotBefore().getTime());
    assertTrue(validity.compareTo(Duration.ofDays(3)) < 0, "short validity, was " + validity);
    cert.checkValidity();
  }

  @ParameterizedTest
  @ValueSource(strings = {"openssl", "jdk"})
  void tls13AndTls12AreAcceptedAndTls10And11RefusedByEitherProvider(String provider) throws Exception {
    ChurnServer tls = TestServers.start("server.tlsProvider", provider);
    try {
      assertEquals(provider, tls.tlsImplementation(), "BoringSSL loads on this platform");
      assertEquals("TLSv1.3", handshake(tls, "TLSv1.3"));
      assertEquals("TLSv1.2", handshake(tls, "TLSv1.2"));
      for (String old : List.of("TLSv1.1", "TLSv1")) {
        SSLHandshakeException refused = assertThrows(SSLHandshakeException.class, () -> handshake(tls, old));
        // the server's alert, not the client's own refusal to offer the protocol
        assertTrue(refused.getMessage().contains("protocol_version"), old + ": " + refused.getMessage());
      }
      TestServers.await(2000, () -> tls.ledger().handshakeFailures(HandshakeStage.TLS) == 2,
          () -> "tls failures " + tls.ledger().handshakeFailures(HandshakeStage.TLS));
    } finally {
      tls.stop();
    }
  }

  @Test
  void aUsersOwnPkcs12IsServedInsteadOfTheSelfSignedCertificate(@TempDir Path dir) throws Exception {
    Path file = TestTls.keystore(dir, "secret", "EC", "-groupname", "secp256r1");

    ChurnServer own = TestServers.start("server.keystore", file.toString(), "server.keystore.password", "secret");
    try {
      assertEquals("CN=mine", own.certificate().certificate().getSubjectX500Principal().getName());
      assertEquals("TLSv1.3", handshake(own, "TLSv1.3"));
    } finally {
      own.stop();
    }
    // a wrong password stops the configuration, in one line naming the property and never the value
    InvalidPropertyException wrong = assertThrows(InvalidPropertyException.class,
        () -> TestServers.start("server.keystore", file.toString(), "server.keystore.password", "hunter2"));
    assertEquals("-Dserver.keystore=" + file + " cannot be opened as PKCS12 with -Dserver.keystore.password:"
        + " keystore password was incorrect", wrong.getMessage());
  }

  @Test
  void aHandshakeFlightSeveralTimesTheTlsBufferStillGetsThrough(@TempDir Path dir) throws Exception {
    // An RSA 4096 certificate makes the server's reply flight about 2 KiB, eight times the smallest buffer.
    Path file = TestTls.keystore(dir, "secret", "RSA", "-keysize", "4096");
    ChurnServer small = TestServers.start("server.tlsBioBuffer", "256", "server.keystore", file.toString(),
        "server.keystore.password", "secret");
    try {
      assertEquals(256, ((OpenSslContext) small.tlsContext()).getBioNonApplicationBufferSize());
      assertEquals("TLSv1.3", handshake(small, "TLSv1.3"));
      assertEquals("TLSv1.2", handshake(small, "TLSv1.2"));
      try (TestClient client = TestClient.connect(small.port(), small.certificate().certificate())) {
        assertEquals("pong", client.emitWithAck("ping"));
      }
      assertEquals(0, small.ledger().handshakeFailures(HandshakeStage.TLS));
    } finally {
      small.stop();
    }
  }

  private static String handshake(String protocol) throws Exception {
    return handshake(server, protocol);
  }

  private static String handshake(ChurnServer server, String protocol) throws Exception {
    SSLContext context = TestTls.context(server.certificate().certificate());
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
        .createSocket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(5000);
      socket.setEnabledProtocols(new String[] {protocol});
      socket.startHandshake();
      return socket.getSession().getProtocol();
    }
  }
}
