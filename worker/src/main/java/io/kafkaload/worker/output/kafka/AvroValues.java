package io.kafkaload.worker.output.kafka;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.output.files.avro.AvroRows;
import io.kafkaload.worker.registry.RegistryException;
import io.kafkaload.worker.registry.RegistrySchema;
import io.kafkaload.worker.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;

/**
 * The Avro values of a Kafka sink ({@code sink.kafka.format: Avro}) in the Confluent wire format:
 * magic byte 0, the schema's registry id (4 bytes, big-endian), the row in Avro binary. The subject
 * is {@code <topic>-value} (TopicNameStrategy). The schema of a chunk's rows is derived from its
 * columns with the Avro files output's mapping ({@link AvroRows}): a record named after the topic
 * (sanitised: {@code orders-clean} -> {@code orders_clean}) in the namespace {@value #NAMESPACE},
 * every field {@code ["null", T]} with default null.
 *
 * <p>{@code schemaStrategy: Register} registers that schema under the subject (once per distinct
 * schema and run; the registry's compatibility rules apply, and a schema it refuses fails the run
 * with its message, before the chunk's transaction begins). {@code Latest} reads the subject's
 * latest version at the start and writes every row with it ({@link LatestSchemaFit}): columns that
 * cannot be written with it refuse the run, naming the column; a value it does not take refuses its
 * row.
 *
 * <p>Thread-safe: each chunk gets its own {@link ChunkValues}, used by one writer thread.
 */
final class AvroValues {

  /** The namespace of the derived records. */
  static final String NAMESPACE = "io.kafkaload";

  private final SchemaRegistryClient registry;
  private final String topic;
  private final String subject;
  private final LoadSpec.SchemaStrategy strategy;
  private final RegistrySchema latest; // Latest: the subject's latest version, read at start
  private final Schema latestSchema;

  private AvroValues(
      SchemaRegistryClient registry,
      LoadSpec.KafkaSink sink,
      RegistrySchema latest,
      Schema latestSchema) {
    this.registry = registry;
    this.topic = sink.topic();
    this.subject = sink.subject();
    this.strategy = sink.schemaStrategyOrDefault();
    this.latest = latest;
    this.latestSchema = latestSchema;
  }

  /**
   * The values of {@code sink} (format Avro); with {@code Latest}, the subject's latest version is
   * read now, so a subject without one, or a registry that cannot be reached, fails the run before
   * anything is read.
   */
  static AvroValues open(LoadSpec.KafkaSink sink, SchemaRegistryClient registry)
      throws IOException {
    if (sink.schemaStrategyOrDefault() != LoadSpec.SchemaStrategy.Latest) {
      return new AvroValues(registry, sink, null, null);
    }
    RegistrySchema latest;
    try {
      latest = registry.latest(sink.subject());
    } catch (RegistryException e) {
      String hint =
          e.kind() == RegistryException.Kind.NOT_FOUND
              ? "; register a schema under that subject first, or use schemaStrategy: Register"
              : "";
      throw new IOException(
          "sink.kafka.schemaStrategy Latest: could not read the latest schema of subject "
              + sink.subject()
              + " from schema registry "
              + registry.url()
              + ": "
              + e.getMessage()
              + hint,
          e);
    }
    if (!RegistrySchema.AVRO.equals(latest.schemaType()) || !latest.references().isEmpty()) {
      throw new IOException(
          "sink.kafka.schemaStrategy Latest: the latest schema of subject "
              + sink.subject()
              + " (id "
              + latest.id()
              + ") is "
              + (latest.references().isEmpty()
                  ? "of type " + latest.schemaType()
                  : "an Avro schema with references")
              + "; a Kafka sink writes a plain Avro schema: register one, or use schemaStrategy:"
              + " Register");
    }
    Schema schema;
    try {
      schema = new Schema.Parser().parse(latest.schema());
    } catch (SchemaParseException e) {
      throw new IOException(
          "sink.kafka.schemaStrategy Latest: the latest schema of subject "
              + sink.subject()
              + " (id "
              + latest.id()
              + ") is not valid Avro: "
              + e.getMessage(),
          e);
    }
    return new AvroValues(registry, sink, latest, schema);
  }

  /** A row its value could not be made for; the message is the reason its record is rejected. */
  static final class Unencodable extends Exception {
    Unencodable(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * The values of one chunk whose rows are the first {@code columns} columns of a result with
   * {@code md}: its schema derived, then registered or fitted to the latest one.
   *
   * @throws IOException when the columns cannot be written (a type without an Avro mapping; under
   *     Latest, a column the latest schema cannot take), or the registry refused the schema or
   *     could not be reached
   */
  ChunkValues chunk(ResultSetMetaData md, int columns) throws IOException, SQLException {
    AvroRows rows;
    try {
      rows = AvroRows.of(md, columns, topic, NAMESPACE);
    } catch (IllegalArgumentException e) {
      throw new IOException("sink.kafka.format Avro: cannot write " + e.getMessage(), e);
    }
    if (strategy == LoadSpec.SchemaStrategy.Latest) {
      LatestSchemaFit fit = fit(rows);
      return new ChunkValues(rows, fit, latest.id(), AvroRows.writer(latestSchema));
    }
    return new ChunkValues(rows, null, register(rows.schema()), AvroRows.writer(rows.schema()));
  }

  private int register(Schema schema) throws IOException {
    try {
      return registry.register(subject, schema.toString());
    } catch (RegistryException e) {
      boolean refused = e.kind() == RegistryException.Kind.REFUSED;
      String why =
          refused
              ? "the registry refused the schema derived from the rows' columns (its"
                  + " compatibility rules for the subject apply; change the columns in the SQL, or"
                  + " the subject's compatibility, or use schemaStrategy: Latest)"
              : "could not register the schema derived from the rows' columns";
      throw new IOException(
          "sink.kafka.format Avro: "
              + why
              + ", subject "
              + subject
              + " of schema registry "
              + registry.url()
              + ": "
              + e.getMessage()
              + "; nothing of the chunk was sent"
              + (refused ? ". The schema: " + abbreviated(schema.toString()) : ""),
          e);
    }
  }

  /** A plan per chunk: it holds the record it refills, and each chunk has its own thread. */
  private LatestSchemaFit fit(AvroRows rows) throws IOException {
    try {
      return LatestSchemaFit.plan(rows.schema(), latestSchema);
    } catch (LatestSchemaFit.Mismatch e) {
      throw new IOException(
          "sink.kafka.schemaStrategy Latest: the rows cannot be written with the latest schema of"
              + " subject "
              + subject
              + " (version "
              + latest.version()
              + ", id "
              + latest.id()
              + "): "
              + e.getMessage()
              + "; change the SQL so the columns fit it, or register a schema that fits them",
          e);
    }
  }

  private static String abbreviated(String text) {
    return text.length() > 2_000 ? text.substring(0, 2_000) + "..." : text;
  }

  /** The values of one chunk's rows, on one writer thread. */
  final class ChunkValues {
    private final AvroRows rows;
    private final LatestSchemaFit fit; // null: the rows' own schema
    private final DatumWriter<GenericRecord> writer;
    private final Buffer buffer = new Buffer();
    private BinaryEncoder encoder;

    private ChunkValues(
        AvroRows rows, LatestSchemaFit fit, int id, DatumWriter<GenericRecord> writer) {
      this.rows = rows;
      this.fit = fit;
      this.writer = writer;
      buffer.write(0);
      buffer.write(id >>> 24);
      buffer.write(id >>> 16);
      buffer.write(id >>> 8);
      buffer.write(id);
    }

    /**
     * The value of the current row of {@code rs}: the wire format's header and the row in Avro
     * binary.
     *
     * @param row the row's index in the chunk, as reasons name it
     * @throws Unencodable when a value cannot be written (its reason names the column)
     */
    byte[] value(ResultSet rs, long row) throws Unencodable, SQLException, IOException {
      GenericRecord record;
      try {
        record = rows.read(rs, row);
      } catch (AvroRows.ValueError e) {
        throw new Unencodable(e.getMessage());
      }
      if (fit != null) {
        try {
          record = fit.convert(record);
        } catch (LatestSchemaFit.Unfit e) {
          throw new Unencodable(
              "column '"
                  + e.path()
                  + "' "
                  + e.getMessage()
                  + " (sink.kafka.schemaStrategy Latest: subject "
                  + subject
                  + " version "
                  + latest.version()
                  + ")");
        }
      }
      buffer.keepHeader();
      encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
      writer.write(record, encoder);
      encoder.flush();
      return buffer.copy();
    }
  }

  /** The value's bytes, its 5-byte header kept across rows. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(256);
    }

    void keepHeader() {
      count = 5;
    }

    byte[] copy() {
      return Arrays.copyOf(buf, count);
    }
  }
}
