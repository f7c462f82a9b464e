package io.kafkaload.operator.kafka;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS context that trusts exactly the PEM CA certificates of a connection's {@code
 * tls.caSecretRef}, as Kafka's {@code ssl.truststore.certificates} does for the brokers: the JVM's
 * default CAs are not added (put a public CA in the same PEM bundle if the registry uses one).
 */
final class RegistryTrust {

  private RegistryTrust() {}

  /**
   * The context for {@code pem}.
   *
   * @throws GeneralSecurityException when {@code pem} holds no readable certificate
   */
  static SSLContext context(String pem) throws GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try {
      certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (RuntimeException e) {
      throw new GeneralSecurityException("not PEM certificates", e);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate in the PEM text");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
