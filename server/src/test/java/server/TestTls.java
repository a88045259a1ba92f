package server;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS for test clients that trust exactly the server's certificate, as a careful real client would. */
final class TestTls {

  private TestTls() {}

  static X509TrustManager trusting(X509Certificate certificate) throws GeneralSecurityException {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("server", certificate);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      return (X509TrustManager) tmf.getTrustManagers()[0];
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  static SSLContext context(X509Certificate certificate) throws GeneralSecurityException {
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, new javax.net.ssl.TrustManager[] {trusting(certificate)}, null);
    return ssl;
  }

  /** A PKCS12 keystore made by keytool (as a user would make theirs), for 127.0.0.1, store and key with one password. */
  static Path keystore(Path dir, String password, String... keyalg) throws Exception {
    Path file = dir.resolve("mine.p12");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "mine", "-keyalg"));
    command.addAll(List.of(keyalg));
    command.addAll(List.of("-dname", "CN=mine", "-validity", "1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", file.toString(), "-storepass", password, "-keypass", password));
    Process keytool = new ProcessBuilder(command).inheritIO().start();
    if (keytool.waitFor() != 0) {
      throw new IllegalStateException("keytool exited with " + keytool.exitValue());
    }
    return file;
  }
}
