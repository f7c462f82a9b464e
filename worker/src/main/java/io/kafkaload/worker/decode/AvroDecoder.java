package io.kafkaload.worker.decode;

import io.kafkaload.worker.registry.RegistryException;
import io.kafkaload.worker.registry.RegistrySchema;
import io.kafkaload.worker.registry.SchemaRegistryClient;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Format {@code Avro}: values in the Confluent wire format (byte 0, the writer schema's id as a
 * 4-byte big-endian int, then the record in Avro's binary encoding), with schemas from a Schema
 * Registry. The row is the record as a plain JSON object ({@link AvroRows}, {@link AvroLogical}).
 *
 * <p>Reasons (stage decode; positions are 0-based bytes of the whole value):
 *
 * <ul>
 *   <li>{@code null value (tombstone)}, {@code empty value};
 *   <li>{@code magic byte 0x7b is not 0: ...} (not the wire format: JSON, or another serializer);
 *   <li>{@code too short for the Confluent wire format: ...} (fewer than 5 bytes);
 *   <li>{@code unknown schema id 7: ...} (the registry answers 404; B3);
 *   <li>schema problems, each cached for its id: not an {@code AVRO} schema type, not a valid Avro
 *       schema, a reference the registry does not have, a top level that is not a record;
 *   <li>body problems, naming the field ({@code field items[2].name: ...}) and the schema id: cut
 *       off ({@code Avro body truncated at byte N: ...}), trailing bytes after the record, union or
 *       enum index out of range, a boolean byte other than 0/1, a varint over 64 bits, a negative
 *       length, text that is not UTF-8, NaN/Infinity where the load cannot hold them (see {@link
 *       AvroRows}), a decimal beyond its precision, a date/timestamp outside years 0001-9999,
 *       nesting deeper than 512 levels (B5).
 * </ul>
 *
 * <p>A registry that does not answer (refused connection, timeout, 5xx) rejects nothing (B4): the
 * lookup of a new schema id is retried with backoff (100 ms doubling to 30 s, logged once per
 * outage) and holds this consumer thread until the registry answers. Batch runs assign their
 * partitions and just wait. A streaming run is a member of its consumer group: if the wait outlasts
 * the consumer's {@code max.poll.interval.ms} (default 5 minutes) the group takes its partitions
 * away and hands them on, so set {@code max.poll.interval.ms} in {@code spec.source.kafka.options}
 * above the longest registry outage to ride out (pausing the partitions while waiting, and polling
 * on, would be the engine's alternative). Answers that retrying cannot change and that are no fault
 * of a record (401/403, a URL that is not a registry) throw {@link RegistryException} instead: the
 * run fails with that reason rather than rejecting every record for a configuration error.
 *
 * <p>Writer schemas are parsed and compiled once per id ({@link AvroPlan}; at most {@value
 * #MAX_SCHEMAS} kept). Not thread-safe: one per consumer thread.
 */
public final class AvroDecoder implements Decoder {

  static final int HEADER = 5;
  static final int MAX_SCHEMAS = 1000;

  private final SchemaRegistryClient registry;
  private final Map<Integer, Object> plans = // AvroPlan, or the reason its id's records get
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Object> eldest) {
          return size() > MAX_SCHEMAS;
        }
      };
  private final JsonOut out = new JsonOut();
  private final AvroRows rows;
  private int lastId;
  private Object last;
  private byte[] row;

  /** NaN and infinities become bare tokens DuckDB reads into DOUBLE/FLOAT ({@link AvroRows}). */
  public AvroDecoder(SchemaRegistryClient registry) {
    this(registry, null);
  }

  /**
   * @param nonFinite null to keep NaN and infinities, else why the load cannot hold them: a record
   *     holding one is rejected with {@code NaN <nonFinite>}
   */
  public AvroDecoder(SchemaRegistryClient registry, String nonFinite) {
    this.registry = registry;
    this.rows = new AvroRows(out, nonFinite);
  }

  @Override
  public String check(byte[] value) {
    row = null;
    if (value == null) {
      return "null value (tombstone)";
    }
    if (value.length == 0) {
      return "empty value";
    }
    if (value[0] != 0) {
      return String.format(
          "magic byte 0x%02x is not 0: not the Confluent wire format (byte 0, a 4-byte schema id,"
              + " Avro binary)",
          value[0] & 0xFF);
    }
    if (value.length < HEADER) {
      return "too short for the Confluent wire format: "
          + value.length
          + " bytes, its header alone is 5 (byte 0 and a 4-byte schema id)";
    }
    int id =
        (value[1] & 0xFF) << 24
            | (value[2] & 0xFF) << 16
            | (value[3] & 0xFF) << 8
            | (value[4] & 0xFF);
    Object plan = plan(id);
    if (plan instanceof String) {
      return (String) plan;
    }
    out.reset();
    try {
      rows.convert((AvroPlan) plan, value, HEADER);
    } catch (AvroReject e) {
      String where = e.path().isEmpty() ? "" : "field " + e.path() + ": ";
      return where + e.getMessage() + " (schema id " + id + ")";
    } catch (RuntimeException e) {
      // not foreseen, still about this value: a reason, never a dead worker
      return "cannot convert the Avro body (schema id " + id + "): " + e;
    }
    row = out.toRow();
    return null;
  }

  @Override
  public byte[] row(byte[] value) {
    return row;
  }

  private Object plan(int id) {
    if (last != null && id == lastId) {
      return last;
    }
    Object plan = plans.get(id);
    if (plan == null) {
      try {
        plan = compile(registry.schemaById(id));
      } catch (RegistryException e) {
        if (e.kind() != RegistryException.Kind.NOT_FOUND) {
          throw e;
        }
        // not kept here: the client remembers it for a while, then asks again
        return "unknown schema id "
            + id
            + ": the schema registry has none ("
            + e.getMessage()
            + ")";
      }
      plans.put(id, plan);
    }
    lastId = id;
    last = plan;
    return plan;
  }

  /** The plan of a registered schema, or the reason why its records cannot be read. */
  private Object compile(RegistrySchema registered) {
    int id = registered.id();
    if (!RegistrySchema.AVRO.equals(registered.schemaType())) {
      return "schema id "
          + id
          + " is a "
          + registered.schemaType()
          + " schema; format Avro reads AVRO schemas only";
    }
    Schema schema;
    Schema.Parser parser =
        new Schema.Parser().setValidateDefaults(false); // defaults are for readers
    try {
      references(parser, registered.references(), new HashSet<>());
      schema = parser.parse(registered.schema());
    } catch (RegistryException e) {
      if (e.kind() != RegistryException.Kind.NOT_FOUND) {
        throw e;
      }
      return "schema id "
          + id
          + " references a schema the registry does not have: "
          + e.getMessage();
    } catch (RuntimeException e) {
      return "schema id " + id + " is not a valid Avro schema: " + oneLine(e.getMessage());
    }
    try {
      return AvroPlan.compile(id, schema);
    } catch (IllegalArgumentException e) {
      return "schema id " + id + " " + e.getMessage() + " (the row of a record is a JSON object)";
    }
  }

  /** Parses the referenced schemas first (depth first), so the schema can use their names. */
  private void references(
      Schema.Parser parser, List<RegistrySchema.Reference> refs, Set<String> seen) {
    for (RegistrySchema.Reference ref : refs) {
      if (seen.add(ref.subject() + '\0' + ref.version())) {
        RegistrySchema referenced = registry.version(ref.subject(), ref.version());
        references(parser, referenced.references(), seen);
        parser.parse(referenced.schema());
      }
    }
  }

  private static String oneLine(String text) {
    String line = text == null ? "" : text.replaceAll("\\s+", " ").trim();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
