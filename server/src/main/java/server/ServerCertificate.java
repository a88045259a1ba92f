package server;

import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS identity, kept in memory: a self-signed EC P-256 certificate made at start with
 * BouncyCastle (SAN localhost and 127.0.0.1, valid for two days), or the user's own PKCS12 file.
 */
public final class ServerCertificate {

  static final Duration VALIDITY = Duration.ofDays(2);
  private static final String ALIAS = "server";

  private final KeyStore keyStore;
  private final char[] password;
  private final X509Certificate certificate;

  private ServerCertificate(KeyStore keyStore, char[] password, X509Certificate certificate) {
    this.keyStore = keyStore;
    this.password = password;
    this.certificate = certificate;
  }

  /** A fresh key pair and certificate; nothing touches the disk. */
  public static ServerCertificate selfSigned() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair keys = generator.generateKeyPair();

      Instant now = Instant.now();
      X500Principal subject = new X500Principal("CN=localhost, O=connection-drop");
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          subject,
          new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
          Date.from(now.minus(Duration.ofMinutes(5))), // tolerate small clock skew
          Date.from(now.plus(VALIDITY)),
          subject,
          keys.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));

      // No provider named: BouncyCastle builds the structures, the JDK signs and parses.
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));

      char[] password = randomPassword();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, keys.getPrivate(), password, new Certificate[] {certificate});
      return new ServerCertificate(store, password, certificate);
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make the self-signed server certificate: " + e.getMessage(), e);
    }
  }

  /** The user's PKCS12 file; the same password opens the store and the key. The password is never in a message. */
  public static ServerCertificate fromPkcs12(Path file, String password) {
    KeyStore store;
    try (InputStream in = Files.newInputStream(file)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("-Dserver.keystore=" + file + " cannot be opened as PKCS12 with "
          + "-Dserver.keystore.password: " + e.getMessage(), e);
    }
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate certificate) {
          store.getKey(alias, password.toCharArray()); // the same password must open the key
          return new ServerCertificate(store, password.toCharArray(), certificate);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("-Dserver.keystore=" + file + ": the key does not open with "
          + "-Dserver.keystore.password (store and key need the same password): " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("-Dserver.keystore=" + file + " holds no private key with an X.509 certificate");
  }

  public static ServerCertificate of(ServerConfig config) {
    return config.keystore == null ? selfSigned() : fromPkcs12(config.keystore, config.keystorePassword);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public KeyStore keyStore() {
    return keyStore;
  }

  /**
   * The key and certificate for a TLS context of the given provider. For BoringSSL they are wrapped so that
   * netty-tcnative converts them to BoringSSL's form once: with a plain JDK factory it encodes the key and
   * chain to PEM and parses them again on every handshake (5 % of the server's CPU in the seed's churn).
   */
  public KeyManagerFactory keyManagerFactory(SslProvider provider) {
    try {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, password);
      return provider == SslProvider.JDK ? kmf : new OpenSslCachingX509KeyManagerFactory(kmf);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the server key: " + e.getMessage(), e);
    }
  }

  private static char[] randomPassword() {
    SecureRandom random = new SecureRandom();
    char[] chars = new char[24];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) ('a' + random.nextInt(26));
    }
    return chars;
  }
}
