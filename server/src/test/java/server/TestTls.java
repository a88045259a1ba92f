package server;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
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
}
