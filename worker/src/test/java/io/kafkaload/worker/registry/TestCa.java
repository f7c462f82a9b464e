package io.kafkaload.worker.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A private certificate authority made in the test with JDK APIs only (the worker's test classpath
 * has no BouncyCastle, which Kafka's {@code TestSslUtils} certificate builder needs): RSA keys, and
 * X.509 v3 certificates written in DER by hand and signed SHA256withRSA. Nothing touches the disk.
 */
final class TestCa {

  private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xffffffL);

  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestCa(String name, KeyPair keys, X509Certificate certificate) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new self-signed CA (basic constraints CA=true), valid from yesterday for a week. */
  static TestCa create(String commonName) {
    KeyPair keys = rsa();
    byte[] basicConstraints = seq(bool(true));
    X509Certificate ca =
        sign(
            commonName,
            commonName,
            keys.getPublic().getEncoded(),
            keys.getPrivate(),
            List.of(extension("2.5.29.19", true, basicConstraints)));
    return new TestCa(commonName, keys, ca);
  }

  /** The CA certificate as PEM: what a {@code ca.crt} Secret key holds. */
  String pem() {
    return pem(certificate);
  }

  /** A server context presenting a certificate this CA signed for 127.0.0.1 and localhost. */
  SSLContext serverFor127001() {
    return server(new String[] {"localhost"}, new byte[][] {{127, 0, 0, 1}});
  }

  /** A server context presenting a certificate this CA signed for {@code dnsName} only. */
  SSLContext serverFor(String dnsName) {
    return server(new String[] {dnsName}, new byte[0][]);
  }

  private SSLContext server(String[] dnsNames, byte[][] ips) {
    KeyPair leafKeys = rsa();
    ByteArrayOutputStream names = new ByteArrayOutputStream();
    for (String dns : dnsNames) {
      names.writeBytes(tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII)));
    }
    for (byte[] ip : ips) {
      names.writeBytes(tlv(0x87, ip));
    }
    X509Certificate leaf =
        sign(
            "localhost",
            name,
            leafKeys.getPublic().getEncoded(),
            keys.getPrivate(),
            List.of(extension("2.5.29.17", false, tlv(0x30, names.toByteArray()))));
    try {
      char[] password = "test".toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "server", leafKeys.getPrivate(), password, new X509Certificate[] {leaf, certificate});
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(factory.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not build a server TLS context", e);
    }
  }

  static String pem(X509Certificate certificate) {
    try {
      String body =
          Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded());
      return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An X.509 v3 certificate of {@code subject}, issued by {@code issuer} and signed with its key.
   */
  private static X509Certificate sign(
      String subject,
      String issuer,
      byte[] subjectPublicKeyInfo,
      PrivateKey issuerKey,
      List<byte[]> extensions) {
    Instant now = Instant.now();
    byte[] algorithm = seq(oid(SHA256_WITH_RSA), new byte[] {0x05, 0x00});
    List<byte[]> tbs = new ArrayList<>();
    tbs.add(tlv(0xa0, integer(BigInteger.valueOf(2)))); // version v3
    tbs.add(integer(BigInteger.valueOf(SERIALS.incrementAndGet())));
    tbs.add(algorithm);
    tbs.add(name(issuer));
    tbs.add(seq(time(now.minus(Duration.ofDays(1))), time(now.plus(Duration.ofDays(7)))));
    tbs.add(name(subject));
    tbs.add(subjectPublicKeyInfo);
    tbs.add(tlv(0xa3, seq(extensions.toArray(new byte[0][]))));
    byte[] toBeSigned = seq(tbs.toArray(new byte[0][]));
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(issuerKey);
      signature.update(toBeSigned);
      byte[] bits = signature.sign();
      byte[] bitString = new byte[bits.length + 1]; // no unused bits
      System.arraycopy(bits, 0, bitString, 1, bits.length);
      byte[] der = seq(toBeSigned, algorithm, tlv(0x03, bitString));
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new java.io.ByteArrayInputStream(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not sign a test certificate", e);
    }
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    return critical ? seq(oid(oid), bool(true), tlv(0x04, value)) : seq(oid(oid), tlv(0x04, value));
  }

  /** A Name of one RDN: {@code CN=commonName}. */
  private static byte[] name(String commonName) {
    return seq(
        tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
  }

  private static byte[] time(Instant instant) {
    String utc =
        DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(instant);
    return tlv(0x17, utc.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] bool(boolean value) {
    return tlv(0x01, new byte[] {(byte) (value ? 0xff : 0)});
  }

  private static byte[] integer(BigInteger value) {
    return tlv(0x02, value.toByteArray());
  }

  private static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      long arc = Long.parseLong(arcs[i]);
      int groups = 1;
      for (long rest = arc >>> 7; rest != 0; rest >>>= 7) {
        groups++;
      }
      for (int g = groups - 1; g >= 0; g--) {
        int seven = (int) ((arc >>> (7 * g)) & 0x7f);
        out.write(g == 0 ? seven : seven | 0x80);
      }
    }
    return tlv(0x06, out.toByteArray());
  }

  private static byte[] seq(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    return tlv(0x30, content.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = length > 0xffff ? 3 : length > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write((length >>> (8 * i)) & 0xff);
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
