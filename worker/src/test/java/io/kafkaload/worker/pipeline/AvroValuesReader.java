package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads values in the Confluent wire format with Apache Avro, as a consumer would: magic byte 0,
 * the schema id, the body read with the schema the registry at {@code url} gives for that id (asked
 * over HTTP, not through the worker's client); the whole value must be the record.
 */
final class AvroValuesReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String url;
  private final Map<Integer, Schema> schemas = new HashMap<>();

  AvroValuesReader(String url) {
    this.url = url;
  }

  GenericRecord read(byte[] value) {
    try {
      assertThat(value[0]).as("magic byte").isZero();
      int id = ByteBuffer.wrap(value, 1, 4).getInt();
      Schema schema = schemas.get(id);
      if (schema == null) {
        String get = url + "/schemas/ids/" + id;
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(get)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(get).isEqualTo(200);
        schema = new Schema.Parser().parse(JSON.readTree(response.body()).get("schema").asText());
        schemas.put(id, schema);
      }
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
      GenericRecord record = new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
      assertThat(decoder.isEnd()).as("the whole value is the record").isTrue();
      return record;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
