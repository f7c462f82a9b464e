package io.kafkaload.worker.decode;

import static io.kafkaload.worker.decode.AvroTestKit.wire;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaload.worker.registry.TestSchemaRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Random records of a schema with every kind of Avro type, written by Avro's own
 * GenericDatumWriter: each row must hold exactly the record's values (the oracle converts the
 * record with the same conventions: unions unwrapped, bytes and fixed as base64). Also a 10,000
 * record run for a rough rate (printed, not asserted: the machine is shared).
 */
class AvroOracleTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final String SCHEMA =
      """
      {"type":"record","name":"Event","namespace":"o","fields":[
        {"name":"id","type":"long"},
        {"name":"n","type":"int"},
        {"name":"ok","type":"boolean"},
        {"name":"f","type":"float"},
        {"name":"d","type":"double"},
        {"name":"s","type":"string"},
        {"name":"b","type":"bytes"},
        {"name":"fx","type":{"type":"fixed","name":"Four","size":4}},
        {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B","C"]}},
        {"name":"tags","type":{"type":"array","items":"string"}},
        {"name":"attrs","type":{"type":"map","values":["null","long","string"]}},
        {"name":"nothing","type":"null"},
        {"name":"child","type":["null",{"type":"record","name":"Child","fields":[
          {"name":"x","type":"double"},
          {"name":"more","type":{"type":"array","items":"Child"}}]}]},
        {"name":"matrix","type":{"type":"array","items":{"type":"array","items":"int"}}},
        {"name":"either","type":["string","long","Kind","Four"]}
      ]}""";

  private final TestSchemaRegistry registry = new TestSchemaRegistry();
  private final AvroDecoder decoder = AvroTestKit.decoder(registry);
  private final Schema schema = new Schema.Parser().parse(SCHEMA);
  private final int id = registry.register("event", SCHEMA);

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void rowsHoldExactlyTheRecordsValues() throws Exception {
    Random random = new Random(2026);
    Comparator<JsonNode> numbersByValue =
        (a, b) -> {
          if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
          }
          return a.equals(b) ? 0 : 1;
        };
    for (int i = 0; i < 3000; i++) {
      Object record = random(schema, random, 0);
      byte[] value = wire(id, schema, record);
      assertThat(decoder.check(value)).as("record %d", i).isNull();
      JsonNode row = JSON.readTree(decoder.row(value));
      JsonNode expected = oracle(record);
      assertThat(row.equals(numbersByValue, expected))
          .as("record %d:%n row      %s%n expected %s", i, row, expected)
          .isTrue();
    }
  }

  @Test
  void tenThousandRecords() {
    Random random = new Random(1);
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      values.add(wire(id, schema, random(schema, random, 0)));
    }
    long bytes = 0;
    long start = System.nanoTime();
    for (byte[] value : values) {
      assertThat(decoder.check(value)).isNull();
      bytes += decoder.row(value).length;
    }
    long micros = (System.nanoTime() - start) / 1000;
    System.out.printf(
        "AvroOracleTest: 10,000 records (%d bytes of rows) in %d ms, %.0f records/s%n",
        bytes, micros / 1000, 10_000 * 1e6 / Math.max(1, micros));
  }

  /** A random value of {@code s}; nesting stops at depth 3. */
  static Object random(Schema s, Random r, int depth) {
    switch (s.getType()) {
      case RECORD:
        GenericRecord rec = new GenericData.Record(s);
        for (Schema.Field f : s.getFields()) {
          rec.put(f.pos(), random(f.schema(), r, depth + 1));
        }
        return rec;
      case ARRAY:
        List<Object> list = new ArrayList<>();
        for (int i = depth > 3 ? 0 : r.nextInt(4); i > 0; i--) {
          list.add(random(s.getElementType(), r, depth + 1));
        }
        return new GenericData.Array<>(s, list);
      case MAP:
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          map.put(text(r), random(s.getValueType(), r, depth + 1));
        }
        return map;
      case UNION:
        List<Schema> types = s.getTypes();
        Schema branch = types.get(depth > 3 ? 0 : r.nextInt(types.size()));
        return random(branch, r, depth);
      case ENUM:
        return new GenericData.EnumSymbol(
            s, s.getEnumSymbols().get(r.nextInt(s.getEnumSymbols().size())));
      case FIXED:
        byte[] fixed = new byte[s.getFixedSize()];
        r.nextBytes(fixed);
        return new GenericData.Fixed(s, fixed);
      case STRING:
        return text(r);
      case BYTES:
        byte[] b = new byte[r.nextInt(12)];
        r.nextBytes(b);
        return ByteBuffer.wrap(b);
      case INT:
        return r.nextBoolean() ? r.nextInt() : r.nextInt(200) - 100;
      case LONG:
        return r.nextBoolean() ? r.nextLong() : (long) r.nextInt(200) - 100;
      case FLOAT:
        return (r.nextFloat() - 0.5f) * (float) Math.pow(10, r.nextInt(20) - 10);
      case DOUBLE:
        return (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
      case BOOLEAN:
        return r.nextBoolean();
      default:
        return null;
    }
  }

  private static String text(Random r) {
    StringBuilder sb = new StringBuilder();
    String alphabet = "ab\"\\\n\t\u0001é€😀 ";
    for (int i = r.nextInt(8); i > 0; i--) {
      int at = r.nextInt(alphabet.length());
      if (Character.isHighSurrogate(alphabet.charAt(at))) {
        sb.append(alphabet, at, at + 2);
      } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
        sb.append(alphabet.charAt(at));
      }
    }
    return sb.toString();
  }

  /** The row the value should give, built independently from the Java objects. */
  static JsonNode oracle(Object v) {
    if (v == null) {
      return NODES.nullNode();
    } else if (v instanceof GenericRecord rec) {
      ObjectNode o = NODES.objectNode();
      for (Schema.Field f : rec.getSchema().getFields()) {
        o.set(f.name(), oracle(rec.get(f.pos())));
      }
      return o;
    } else if (v instanceof Map<?, ?> map) {
      ObjectNode o = NODES.objectNode();
      map.forEach((k, x) -> o.set(k.toString(), oracle(x)));
      return o;
    } else if (v instanceof List<?> list) {
      ArrayNode a = NODES.arrayNode();
      list.forEach(x -> a.add(oracle(x)));
      return a;
    } else if (v instanceof ByteBuffer buf) {
      byte[] b = new byte[buf.remaining()];
      buf.duplicate().get(b);
      return NODES.textNode(Base64.getEncoder().encodeToString(b));
    } else if (v instanceof GenericData.Fixed fixed) {
      return NODES.textNode(Base64.getEncoder().encodeToString(fixed.bytes()));
    } else if (v instanceof Float f) {
      return NODES.numberNode(new java.math.BigDecimal(Float.toString(f)));
    } else if (v instanceof Double d) {
      return NODES.numberNode(new java.math.BigDecimal(Double.toString(d)));
    } else if (v instanceof Integer n) {
      return NODES.numberNode(n);
    } else if (v instanceof Long n) {
      return NODES.numberNode(n);
    } else if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    return NODES.textNode(v.toString()); // strings and enum symbols
  }
}
