package io.kafkaload.worker.decode;

import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.registry.Backoff;
import io.kafkaload.worker.registry.SchemaRegistryClient;
import io.kafkaload.worker.registry.TestSchemaRegistry;
import io.kafkaload.worker.security.SecretFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Avro test helpers: a decoder on a test registry, and values in the Confluent wire format. */
final class AvroTestKit {
  private AvroTestKit() {}

  /** A decoder whose registry client retries fast (10 ms doubling to 50 ms) and never gives up. */
  static AvroDecoder decoder(TestSchemaRegistry registry) {
    return new AvroDecoder(
        SchemaRegistryClient.create(
            new ConnectionSpec.SchemaRegistry(registry.url(), null),
            new SecretFiles(Path.of("no-secrets")),
            new SchemaRegistryClient.Settings(
                Duration.ofSeconds(5),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), null),
                100,
                Duration.ofSeconds(30))));
  }

  /** Byte 0, the id big-endian, then {@code datum} in Avro binary, as a producer would send it. */
  static byte[] wire(int id, Schema schema, Object datum) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0);
      out.write(ByteBuffer.allocate(4).putInt(id).array());
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<Object>(schema).write(datum, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The 5-byte header of {@code id} followed by {@code body} (ints taken as bytes). */
  static byte[] frame(int id, int... body) {
    byte[] value = new byte[5 + body.length];
    ByteBuffer.wrap(value, 1, 4).putInt(id);
    for (int i = 0; i < body.length; i++) {
      value[5 + i] = (byte) body[i];
    }
    return value;
  }
}
