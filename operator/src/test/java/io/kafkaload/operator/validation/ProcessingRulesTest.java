package io.kafkaload.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.operator.api.Compression;
import io.kafkaload.operator.api.FileFormat;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.MetadataColumn;
import io.kafkaload.operator.api.Privacy;
import io.kafkaload.operator.api.RejectedSpec;
import io.kafkaload.operator.api.SaltSecretRef;
import io.kafkaload.operator.api.SchemaField;
import io.kafkaload.operator.api.SchemaSpec;
import io.kafkaload.operator.api.TransformSpec;
import io.kafkaload.operator.api.UnknownFields;
import io.kafkaload.operator.api.WriteMode;
import io.kafkaload.operator.testing.Examples;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schema, transform, file options and rejects: each broken spec gives exactly one problem, naming
 * the field and the fix.
 */
class ProcessingRulesTest {

  static Stream<Arguments> brokenSpecs() {
    return Stream.of(
        broken(
            "Lz4 for Csv",
            l -> {
              files(l).setFormat(FileFormat.Csv);
              files(l).setCompression(Compression.Lz4);
            },
            "spec.sink.files.compression: Lz4 is not available for format Csv; use one of Gzip,"
                + " Zstd, None"),
        broken(
            "Deflate for Parquet (the default format)",
            l -> files(l).setCompression(Compression.Deflate),
            "spec.sink.files.compression: Deflate is not available for format Parquet; use one"
                + " of Zstd, Snappy, Gzip, Lz4, None"),
        broken(
            "Gzip for Avro",
            l -> {
              files(l).setFormat(FileFormat.Avro);
              files(l).setCompression(Compression.Gzip);
            },
            "spec.sink.files.compression: Gzip is not available for format Avro; use one of"
                + " Snappy, Deflate, Zstd, None"),
        broken(
            "file path without coalesce",
            l -> {
              files(l).setPath("/data/out.parquet");
              files(l).setWriteMode(WriteMode.Overwrite);
            },
            "spec.sink.files.path: '/data/out.parquet' names a file, which needs coalesce 1 (one"
                + " file per run); set coalesce: 1, or make path a folder"),
        broken(
            "file path with coalesce 2",
            l -> {
              files(l).setPath("/data/out.parquet");
              files(l).setWriteMode(WriteMode.ErrorIfExists);
              files(l).setCoalesce(2);
            },
            "spec.sink.files.path: '/data/out.parquet' names a file, which needs coalesce 1"),
        broken(
            "file path with Append (the default)",
            l -> {
              files(l).setPath("/data/out.parquet");
              files(l).setCoalesce(1);
            },
            "spec.sink.files.writeMode: Append cannot write to the file path '/data/out.parquet';"
                + " set Overwrite or ErrorIfExists, or make path a folder"),
        broken(
            "file path with Ignore",
            l -> fileTarget(l, "/data/out.parquet", WriteMode.Ignore),
            "spec.sink.files.writeMode: Ignore cannot write to the file path"),
        broken(
            "file path of another format",
            l -> fileTarget(l, "/data/out.csv", WriteMode.Overwrite),
            "spec.sink.files.path: '/data/out.csv' names a .csv file but format is Parquet; name"
                + " it .parquet, or set format Csv"),
        broken(
            "file path with partitionBy",
            l -> {
              fileTarget(l, "/data/out.parquet", WriteMode.Overwrite);
              files(l).setPartitionBy(List.of("country"));
            },
            "spec.sink.files.partitionBy: writes folders, and path '/data/out.parquet' names a"
                + " file; remove partitionBy or make path a folder"),
        broken(
            "file in a reserved folder",
            l -> fileTarget(l, "/tmp/out.parquet", WriteMode.Overwrite),
            "spec.sink.files.path: '/tmp/out.parquet' overlaps the worker's own folder /tmp"),
        broken(
            "partitionBy twice",
            l -> files(l).setPartitionBy(List.of("country", "Country")),
            "spec.sink.files.partitionBy[1]: 'Country' is listed twice; list each column once"),
        broken(
            "partitionBy blank",
            l -> files(l).setPartitionBy(List.of(" ")),
            "spec.sink.files.partitionBy[0]: blank; name a column of the rows written"),
        broken(
            "coalesce 0",
            l -> files(l).setCoalesce(0),
            "spec.sink.files.coalesce: 0 is below 1; use at least 1"),
        broken(
            "coalesce in Streaming",
            l -> {
              l.getSpec().setMode(LoadMode.Streaming);
              files(l).setCoalesce(4);
            },
            "spec.sink.files.coalesce: only with mode Batch; remove coalesce or set mode Batch"),
        broken(
            "Overwrite in Streaming",
            l -> {
              l.getSpec().setMode(LoadMode.Streaming);
              files(l).setWriteMode(WriteMode.Overwrite);
            },
            "spec.sink.files.writeMode: Overwrite with mode Streaming; Streaming allows Append"
                + " only: remove writeMode or set Append"),
        broken(
            "maxBytes 0",
            l -> {
              l.getSpec().getSink().setFlush(new io.kafkaload.operator.api.FlushSpec());
              l.getSpec().getSink().getFlush().setMaxBytes(0L);
            },
            "spec.sink.flush.maxBytes: 0 is below 1; use at least 1 (default 268435456, 256 MiB)"),
        broken(
            "invalid pattern",
            l -> schema(l, field("email", f -> f.setPattern("[^@]+@(.+"))),
            "spec.schema.fields[0].pattern (email): not a valid RE2 regular expression (missing"
                + " closing ): `[^@]+@(.+`); patterns use RE2 syntax, which runs in linear time and"
                + " has no backreferences (\\1), lookahead or lookbehind ((?=, (?!, (?<=, (?<!),"
                + " possessive quantifiers (*+, ++) or atomic groups ((?>); rewrite the expression"
                + " without them"),
        broken(
            "backreference in a pattern (RE2 has none)",
            l -> schema(l, field("code", f -> f.setPattern("(\\w)\\1+"))),
            "spec.schema.fields[0].pattern (code): not a valid RE2 regular expression (invalid"
                + " escape sequence: `\\1`); patterns use RE2 syntax, which runs in linear time and"
                + " has no backreferences (\\1), lookahead or lookbehind ((?=, (?!, (?<=, (?<!),"
                + " possessive quantifiers (*+, ++) or atomic groups ((?>); rewrite the expression"
                + " without them"),
        broken(
            "lookbehind in a pattern (RE2 has none)",
            l -> schema(l, field("code", f -> f.setPattern("(?<!x)y"))),
            "spec.schema.fields[0].pattern (code): not a valid RE2 regular expression (invalid"
                + " named capture: `(?<!x)y`); patterns use RE2 syntax, which runs in linear time"
                + " and has no backreferences (\\1), lookahead or lookbehind ((?=, (?!, (?<=, (?<!),"
                + " possessive quantifiers (*+, ++) or atomic groups ((?>); rewrite the expression"
                + " without them"),
        broken(
            "unknown time zone",
            l ->
                schema(
                    l,
                    field(
                        "ts",
                        f -> {
                          f.setType("timestamp");
                          f.setTimeZone("Europe/Atlantis");
                        })),
            "spec.schema.fields[0].timeZone (ts): 'Europe/Atlantis' is not an IANA time zone; use"
                + " e.g. Europe/Paris or UTC"),
        broken(
            "duplicate field names",
            l ->
                schema(
                    l,
                    field("user.id", f -> {}),
                    field("amount", f -> {}),
                    field("User.Id", f -> {})),
            "spec.schema.fields[2].name (User.Id): repeats fields[0].name user.id (column names"
                + " ignore case); keep one entry per field"),
        broken(
            "empty path segment",
            l -> schema(l, field("user..id", f -> {})),
            "spec.schema.fields[0].name (user..id): has an empty part; write a dotted path like"
                + " user.address.city"),
        broken(
            "missing name",
            l -> schema(l, field(null, f -> f.setType("long"))),
            "spec.schema.fields[0].name: missing; name the field"),
        broken(
            "unknown type",
            l -> schema(l, field("n", f -> f.setType("integer"))),
            "spec.schema.fields[0].type (n): 'integer' is not a type; use string, long, int,"
                + " double, decimal(p,s), boolean, date, timestamp or json"),
        broken(
            "decimal too wide",
            l -> schema(l, field("price", f -> f.setType("decimal(40,2)"))),
            "spec.schema.fields[0].type (price): 'decimal(40,2)' needs a precision of 1 to 38 and"
                + " a scale of at most the precision"),
        broken(
            "format on a string",
            l -> schema(l, field("day", f -> f.setFormat("dd/MM/yyyy"))),
            "spec.schema.fields[0].format (day): applies to type date or timestamp only; set that"
                + " type or remove format"),
        broken(
            "bad date format",
            l ->
                schema(
                    l,
                    field(
                        "day",
                        f -> {
                          f.setType("date");
                          f.setFormat("dd/MM/yyyy {");
                        })),
            "spec.schema.fields[0].format (day): 'dd/MM/yyyy {' is not a java.time pattern"),
        broken(
            "maskKeepLast without Mask",
            l ->
                schema(
                    l,
                    field(
                        "card",
                        f -> {
                          f.setPrivacy(Privacy.Sha256);
                          f.setMaskKeepLast(4);
                        })),
            "spec.schema.fields[0].maskKeepLast (card): applies to privacy Mask only; set"
                + " privacy: Mask or remove maskKeepLast"),
        broken(
            "script with privacy and required",
            l ->
                keepSchema(
                    l,
                    field(
                        "eur",
                        f -> {
                          f.setScript("amount * 0.92");
                          f.setRequired(true);
                          f.setPrivacy(Privacy.Hide);
                        })),
            "spec.schema.fields[0].script (eur): a computed column has no required, pattern,"
                + " format or privacy; remove them or the script"),
        broken(
            "script that does not parse",
            l -> keepSchema(l, field("eur", f -> f.setScript("amount * 0,92)"))),
            "spec.schema.fields[0].script (eur): syntax error at or near \")\" (character 14);"
                + " write one DuckDB SQL expression over the row's columns, e.g. amount * 0.92"),
        broken(
            "script of two expressions",
            l -> keepSchema(l, field("eur", f -> f.setScript("amount, 0.92"))),
            "spec.schema.fields[0].script (eur): is not one expression; write one DuckDB SQL"
                + " expression over the row's columns, e.g. amount * 0.92"),
        broken(
            "Ignore schema with script fields only",
            l -> schema(l, field("eur", f -> f.setScript("0.92"))),
            "spec.schema.fields: no field to keep: with unknownFields Ignore every row would be"
                + " empty; add fields, or set unknownFields: Keep"),
        broken(
            "Ignore schema without fields",
            l -> l.getSpec().setSchema(new SchemaSpec()),
            "spec.schema.fields: no field to keep: with unknownFields Ignore every row would be"
                + " empty"),
        broken(
            "dotted script field",
            l ->
                schema(
                    l,
                    field("amount", f -> f.setType("double")),
                    field("price.eur", f -> f.setScript("amount * 0.92"))),
            "spec.schema.fields[1].name (price.eur): a script field is a top-level column; use a"
                + " name without dots"),
        broken(
            "salt without key",
            l -> {
              SchemaSpec schema = new SchemaSpec();
              schema.setUnknownFields(UnknownFields.Keep);
              SaltSecretRef salt = new SaltSecretRef();
              salt.setName("salt");
              schema.setSalt(salt);
              l.getSpec().setSchema(schema);
            },
            "spec.schema.salt: needs name and key; name the Secret and its key holding the salt"),
        broken(
            "metadata column twice",
            l ->
                l.getSpec()
                    .getSource()
                    .getKafka()
                    .setMetadataColumns(
                        List.of(MetadataColumn.OFFSET, MetadataColumn.KEY, MetadataColumn.OFFSET)),
            "spec.source.kafka.metadataColumns[2]: listed twice; list each column once"),
        broken(
            "transform without sql",
            l -> l.getSpec().setTransform(new TransformSpec()),
            "spec.transform.sql: missing; write a SELECT over the table message, or remove"
                + " transform"),
        broken(
            "transform that does not parse",
            l -> transform(l, "SELECT * FROM message WHERE type <> 'heartbeat"),
            "spec.transform.sql: unterminated string literal (character 37); write one SELECT"
                + " (or WITH ... SELECT) over the table message"),
        broken(
            "transform that writes",
            l -> transform(l, "COPY (SELECT * FROM message) TO '/data/x.csv'"),
            "spec.transform.sql: not a SELECT statement; write one SELECT (or WITH ... SELECT)"
                + " over the table message, e.g. SELECT * FROM message WHERE type <>"
                + " 'heartbeat'"),
        broken(
            "transform over another table",
            l -> transform(l, "SELECT * FROM events WHERE type <> 'heartbeat'"),
            "spec.transform.sql: reads events, which the transform does not have; read only the"
                + " table message (and names defined in WITH)"),
        broken(
            "negative maxRejected",
            l -> rejected(l, r -> r.setMaxRejected(-1L)),
            "spec.rejected.maxRejected: -1 is below 0; use 0 (no reject allowed) or more"),
        broken(
            "ratio above 1",
            l -> rejected(l, r -> r.setMaxRejectedRatio(5.0)),
            "spec.rejected.maxRejectedRatio: 5.0 is not in [0, 1]; use a share such as 0.01 for"
                + " 1%"),
        broken(
            "rejected topic that is read",
            l -> rejected(l, r -> r.setTopic("events")),
            "spec.source.kafka.topics[0]: is the load's own rejected.topic 'events', so the load"
                + " would read its own rejected records again, for ever; choose another"
                + " rejected.topic"),
        broken(
            "rejected topic with a space",
            l -> rejected(l, r -> r.setTopic("bad topic")),
            "spec.rejected.topic: 'bad topic' is not a Kafka topic name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenSpecs")
  void eachMistakeIsOneProblemWithItsFix(String name, Consumer<KafkaLoad> breakIt, String problem) {
    KafkaLoad load = valid();
    assertThat(LoadSpecValidator.validate(load)).isEmpty();
    breakIt.accept(load);
    assertThat(LoadSpecValidator.validate(load)).singleElement().asString().startsWith(problem);
  }

  static Stream<Arguments> validVariants() {
    return Stream.of(
        Arguments.of(
            "csv file written once",
            (Consumer<KafkaLoad>)
                l -> {
                  fileTarget(l, "/data/offload/events.csv", WriteMode.Overwrite);
                  files(l).setFormat(FileFormat.Csv);
                  files(l).setCompression(Compression.Gzip);
                }),
        Arguments.of(
            "json lines file, ErrorIfExists",
            (Consumer<KafkaLoad>)
                l -> {
                  fileTarget(l, "/data/out.json", WriteMode.ErrorIfExists);
                  files(l).setFormat(FileFormat.Json);
                }),
        Arguments.of(
            "avro folder with Deflate, coalesce 3",
            (Consumer<KafkaLoad>)
                l -> {
                  files(l).setFormat(FileFormat.Avro);
                  files(l).setCompression(Compression.Deflate);
                  files(l).setCoalesce(3);
                  files(l).setPartitionBy(List.of("country", "day"));
                }),
        Arguments.of(
            "every field kind",
            (Consumer<KafkaLoad>)
                l -> {
                  schema(
                      l,
                      field(
                          "user.id",
                          f -> {
                            f.setType("long");
                            f.setRequired(true);
                          }),
                      field(
                          "email",
                          f -> {
                            f.setPattern("^[^@]+@[^@]+$");
                            f.setPrivacy(Privacy.Sha256);
                          }),
                      field(
                          "card",
                          f -> {
                            f.setPrivacy(Privacy.Mask);
                            f.setMaskKeepLast(0);
                          }),
                      field(
                          "ts",
                          f -> {
                            f.setType("timestamp");
                            f.setFormat("dd/MM/yyyy HH:mm");
                            f.setTimeZone("Europe/Paris");
                          }),
                      field(
                          "day",
                          f -> {
                            f.setType("date");
                            f.setFormat("epochSeconds");
                          }),
                      field("price", f -> f.setType("decimal(10, 2)")),
                      field(
                          "eur",
                          f -> {
                            f.setType("decimal(12,2)");
                            f.setScript("price * 0.92");
                            f.setRequired(false);
                          }));
                  transform(l, "SELECT * FROM message WHERE type <> 'heartbeat'");
                  rejected(
                      l,
                      r -> {
                        r.setTopic("events-rejected");
                        r.setMaxRejected(0L);
                        r.setMaxRejectedRatio(1.0);
                      });
                }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validVariants")
  void acceptsValidVariants(String name, Consumer<KafkaLoad> change) {
    KafkaLoad load = valid();
    change.accept(load);
    assertThat(LoadSpecValidator.validate(load)).isEmpty();
  }

  private static Arguments broken(String name, Consumer<KafkaLoad> breakIt, String problem) {
    return Arguments.of(name, breakIt, problem);
  }

  private static KafkaLoad valid() {
    return Examples.load(Examples.repoRoot().resolve("examples/kafkaload-batch-parquet.yaml"));
  }

  private static io.kafkaload.operator.api.FilesSink files(KafkaLoad load) {
    return load.getSpec().getSink().getFiles();
  }

  private static void fileTarget(KafkaLoad load, String path, WriteMode writeMode) {
    files(load).setPath(path);
    files(load).setCoalesce(1);
    files(load).setWriteMode(writeMode);
  }

  @SafeVarargs
  private static void schema(KafkaLoad load, SchemaField... fields) {
    SchemaSpec schema = new SchemaSpec();
    schema.setFields(new ArrayList<>(List.of(fields)));
    load.getSpec().setSchema(schema);
  }

  /** A schema that keeps unknown fields, so script fields alone leave something to write. */
  @SafeVarargs
  private static void keepSchema(KafkaLoad load, SchemaField... fields) {
    schema(load, fields);
    load.getSpec().getSchema().setUnknownFields(UnknownFields.Keep);
  }

  private static SchemaField field(String name, Consumer<SchemaField> settings) {
    SchemaField field = new SchemaField();
    field.setName(name);
    settings.accept(field);
    return field;
  }

  private static void transform(KafkaLoad load, String sql) {
    TransformSpec transform = new TransformSpec();
    transform.setSql(sql);
    load.getSpec().setTransform(transform);
  }

  private static void rejected(KafkaLoad load, Consumer<RejectedSpec> settings) {
    RejectedSpec rejected = new RejectedSpec();
    settings.accept(rejected);
    load.getSpec().setRejected(rejected);
  }
}
