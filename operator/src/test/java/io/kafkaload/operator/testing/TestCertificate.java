package io.kafkaload.operator.testing;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.apache.kafka.test.TestSslUtils;

/**
 * A self-signed certificate for localhost and its key, as PEM (the key PKCS#8, unencrypted), made
 * with Kafka's test utilities.
 */
public record TestCertificate(String certificatePem, String privateKeyPem) {

  /** A new certificate for DNS name localhost and IP 127.0.0.1, valid for a day. */
  public static TestCertificate localhost() {
    try {
      KeyPair keys = TestSslUtils.generateKeyPair("RSA");
      X509Certificate certificate =
          new TestSslUtils.CertificateBuilder(1, "SHA256withRSA")
              .sanDnsNames("localhost")
              .sanIpAddress(InetAddress.getByName("127.0.0.1"))
              .generate("CN=localhost, O=kafkaload-test", keys);
      return new TestCertificate(pem(certificate), pem(keys.getPrivate()));
    } catch (Exception e) {
      throw new IllegalStateException("could not make a test certificate", e);
    }
  }

  /** A certificate as PEM. */
  static String pem(X509Certificate certificate) {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A private key as unencrypted PKCS#8 PEM. */
  static String pem(java.security.PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
