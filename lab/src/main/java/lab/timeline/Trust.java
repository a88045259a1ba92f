package lab.timeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import lab.config.InvalidPropertyException;

/**
 * Which server certificates the lab accepts: any (a load test's default, as Gatling's), or those of a trust store
 * the user gives ({@code -Dtarget.truststore}), checked as a careful client would, hostname included.
 */
public final class Trust {

  private final Path file;
  private final SSLSocketFactory sockets;

  private Trust(Path file, SSLSocketFactory sockets) {
    this.file = file;
    this.sockets = sockets;
  }

  /** Any certificate. */
  public static Trust any() {
    return new Trust(null, anySockets());
  }

  /**
   * The certificates in {@code file} (PKCS12 or JKS), opened now so that a wrong file or password stops the run
   * at once, in one line that names the property and never shows the password.
   */
  public static Trust of(Path file, String password) {
    String named = "-Dtarget.truststore=" + file;
    if (!Files.isReadable(file)) {
      throw new InvalidPropertyException(named + " is invalid: expected a readable PKCS12 or JKS file");
    }
    KeyStore store;
    try {
      store = KeyStore.getInstance(file.toFile(), password == null ? null : password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new InvalidPropertyException(named + " cannot be opened" + (password == null ? " without a password"
          : " with -Dtarget.truststorePassword") + ": " + e.getMessage());
    }
    try {
      boolean anyCertificate = Collections.list(store.aliases()).stream().anyMatch(a -> isCertificate(store, a));
      if (!anyCertificate) {
        throw new InvalidPropertyException(named + " holds no certificate to trust");
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return new Trust(file, context.getSocketFactory());
    } catch (GeneralSecurityException e) {
      throw new InvalidPropertyException(named + ": " + e.getMessage());
    }
  }

  private static boolean isCertificate(KeyStore store, String alias) {
    try {
      return store.getCertificate(alias) instanceof X509Certificate;
    } catch (KeyStoreException e) {
      return false;
    }
  }

  /** Whether certificates are checked at all. */
  public boolean checked() {
    return file != null;
  }

  public SSLSocketFactory sockets() {
    return sockets;
  }

  /** Applies this trust to one HTTPS request. */
  void apply(HttpsURLConnection connection) {
    connection.setSSLSocketFactory(sockets);
    if (file == null) {
      connection.setHostnameVerifier((host, session) -> true);
    }
  }

  public String describe() {
    return file == null ? "any certificate (give -Dtarget.truststore to check the server's)" : "the certificates in " + file;
  }

  private static SSLSocketFactory anySockets() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
