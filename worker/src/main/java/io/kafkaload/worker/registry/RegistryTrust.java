package io.kafkaload.worker.registry;

import io.kafkaload.worker.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS context that trusts exactly the CA certificates of a PEM bundle (the KafkaConnection's
 * {@code security.tls.caSecretRef}), as Kafka's {@code ssl.truststore.certificates} does for the
 * brokers and the operator's registry probe does for the registry: the JVM's default CAs are not
 * added (put a public CA in the same bundle if the registry uses one). Every {@code -----BEGIN
 * CERTIFICATE-----} block is read; other PEM blocks and text between them are ignored. Host names
 * are still verified: the JDK's HttpClient checks the registry's certificate against the URL's
 * host.
 */
final class RegistryTrust {

  private static final Pattern CERTIFICATE =
      Pattern.compile(
          "-----BEGIN CERTIFICATE-----([^-]*)-----END CERTIFICATE-----", Pattern.DOTALL);

  private RegistryTrust() {}

  /**
   * The context trusting the certificates of {@code pem}; {@code source} names where it came from
   * (such as {@code Secret kafka-ca key ca.crt}) in the {@link ConfigException} thrown when it
   * holds no certificate or one that cannot be read.
   */
  static SSLContext context(String pem, String source) {
    List<Certificate> certificates = certificates(pem, source);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new ConfigException(
          "the CA certificate(s) of "
              + source
              + " cannot be used to check the schema registry's certificate: "
              + RegistryHttp.describe(e),
          e);
    }
  }

  static List<Certificate> certificates(String pem, String source) {
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JVM has no X.509 certificate factory", e);
    }
    List<Certificate> certificates = new ArrayList<>();
    Matcher block = CERTIFICATE.matcher(pem == null ? "" : pem);
    while (block.find()) {
      int number = certificates.size() + 1;
      try {
        byte[] der = Base64.getMimeDecoder().decode(block.group(1));
        certificates.add(factory.generateCertificate(new ByteArrayInputStream(der)));
      } catch (CertificateException | IllegalArgumentException e) {
        throw new ConfigException(
            source
                + ": certificate "
                + number
                + " of its PEM is not a readable X.509 certificate ("
                + RegistryHttp.describe(e)
                + "); put the PEM CA certificate(s) of the brokers and the schema registry there",
            e);
      }
    }
    if (certificates.isEmpty()) {
      throw new ConfigException(
          source
              + " holds no certificate (no -----BEGIN CERTIFICATE----- block); it must hold the"
              + " PEM CA certificate(s) the brokers' and an https schema registry's certificates"
              + " are checked against");
    }
    return certificates;
  }
}
