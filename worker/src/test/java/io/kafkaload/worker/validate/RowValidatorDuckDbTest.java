package io.kafkaload.worker.validate;

import static io.kafkaload.worker.validate.F.f;
import static io.kafkaload.worker.validate.F.privacy;
import static io.kafkaload.worker.validate.F.schema;
import static io.kafkaload.worker.validate.F.time;
import static io.kafkaload.worker.validate.F.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec.Privacy;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output rows read by DuckDB with {@link RowValidator#columns()} come back with exact values. */
class RowValidatorDuckDbTest {

  @TempDir Path dir;

  @Test
  void duckDbReadsTheRowsExactly() throws Exception {
    RowValidator v =
        RowValidator.of(
            schema(
                null,
                f("id", "long"),
                f("n", "int"),
                f("price", "decimal(12,2)"),
                f("big", "decimal(38,10)"),
                f("x", "double"),
                f("ok", "boolean"),
                f("d", "date"),
                time("ts", "timestamp", null, "Europe/Paris"),
                f("user.id", "long"),
                f("user.address.city", "string"),
                f("j", "json"),
                privacy("email", "string", Privacy.Md5, null),
                privacy("card", "string", Privacy.Hide, null)),
            null);
    String[] inputs = {
      "{\"id\":9223372036854775807,\"n\":\"-7\",\"price\":\"12.5\",\"big\":"
          + "1234567890123456789012345678.1234567891,\"x\":0.1,\"ok\":\"true\",\"d\":\"2026-11-25\","
          + "\"ts\":\"2026-11-25T10:00:00.123456\",\"user\":{\"id\":1,\"address\":{\"city\":\"Zürich\"}},"
          + "\"j\":{\"a\":[1, 2]},\"email\":\"a@b.c\",\"card\":\"4111\"}",
      "{\"id\":-1,\"price\":-0.01,\"big\":\"-0.0000000001\",\"ts\":\"0001-01-01T00:00:00Z\","
          + "\"d\":\"9999-12-31\",\"j\":\"s\"}"
    };
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    for (String in : inputs) {
      assertThat(v.check(utf8(in))).isNull();
      file.write(v.row());
      file.write('\n');
    }
    Path jsonl = dir.resolve("rows.jsonl");
    Files.write(jsonl, file.toByteArray());
    String columns =
        v.columns().entrySet().stream()
            .map(e -> sql(e.getKey()) + ": " + sql(e.getValue()))
            .collect(Collectors.joining(", ", "{", "}"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      ResultSet rs =
          st.executeQuery(
              "SELECT id, n, price, big, x, ok, d::VARCHAR, epoch_us(ts), \"user\".id,"
                  + " \"user\".address.city, j::VARCHAR, email, card FROM read_json("
                  + sql(jsonl.toString())
                  + ", format='newline_delimited', columns="
                  + columns
                  + ")");
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(Long.MAX_VALUE);
      assertThat(rs.getInt(2)).isEqualTo(-7);
      assertThat(rs.getBigDecimal(3)).isEqualTo(new BigDecimal("12.50"));
      assertThat(rs.getBigDecimal(4))
          .isEqualTo(new BigDecimal("1234567890123456789012345678.1234567891"));
      assertThat(rs.getDouble(5)).isEqualTo(0.1);
      assertThat(rs.getBoolean(6)).isTrue();
      assertThat(rs.getString(7)).isEqualTo("2026-11-25");
      assertThat(rs.getLong(8)).isEqualTo(micros(Instant.parse("2026-11-25T09:00:00.123456Z")));
      assertThat(rs.getLong(9)).isEqualTo(1);
      assertThat(rs.getString(10)).isEqualTo("Zürich");
      assertThat(rs.getString(11)).isEqualTo("{\"a\":[1,2]}");
      assertThat(rs.getString(12)).isEqualTo("5d60d4e28066df254d5452f92c910092");
      assertThat(rs.getString(13)).isNull();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(-1);
      assertThat(rs.getObject(2)).isNull();
      assertThat(rs.getBigDecimal(3)).isEqualTo(new BigDecimal("-0.01"));
      assertThat(rs.getBigDecimal(4)).isEqualTo(new BigDecimal("-0.0000000001"));
      assertThat(rs.getObject(5)).isNull();
      assertThat(rs.getString(7)).isEqualTo("9999-12-31");
      assertThat(rs.getLong(8)).isEqualTo(micros(Instant.parse("0001-01-01T00:00:00Z")));
      assertThat(rs.getObject(9)).isNull();
      assertThat(rs.getString(11)).isEqualTo("\"s\"");
      assertThat(rs.next()).isFalse();
    }
  }

  private static long micros(Instant i) {
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }

  private static String sql(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
