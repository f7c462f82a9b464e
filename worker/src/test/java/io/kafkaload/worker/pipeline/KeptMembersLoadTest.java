package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unknownFields: Keep} end to end: a kept member that would change the other rows' columns
 * (another kind of value, a schema field's name in another case, an integer beyond 64 bits) rejects
 * its own record; the other rows keep typed columns.
 */
class KeptMembersLoadTest {

  @TempDir Path dir;

  @Test
  void keptMembersObeyTheRulesOfALoadWithoutASchema() throws Exception {
    String topic = SharedKafka.createTopic("kept", 1);
    SharedKafka.produceValues(
        topic,
        0,
        List.of(
            "{\"id\":1,\"x\":1,\"note\":\"a\"}",
            "{\"id\":2,\"x\":\"two\"}", // x was a number
            "{\"id\":3,\"ID\":3}", // the schema's id in another case
            "{\"id\":4,\"x\":18446744073709551616}", // beyond 64 bits
            "{\"id\":5,\"x\":5,\"note\":\"e\"}"));
    Path out = dir.resolve("out");
    RunReport report =
        Loads.run(
            Loads.files(SharedKafka.uniqueName("bad"), topic, out)
                .format(LoadSpec.FileFormat.Parquet)
                .schema("{unknownFields: Keep, fields: [{name: id, type: long}]}")
                .dir(dir)
                .build());

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsWritten()).isEqualTo(2);
    assertThat(report.recordsRejected()).isEqualTo(3);
    assertThat(Loads.rejected(out))
        .satisfiesExactlyInAnyOrder(
            r ->
                assertThat(r)
                    .startsWith(
                        "0@1 validate: value at byte 12 is a string where earlier rows of this"
                            + " load have a number"),
            r ->
                assertThat(r)
                    .startsWith(
                        "0@2 validate: member name at byte 8 is not in the schema but differs"
                            + " only in case from field id"),
            r -> assertThat(r).startsWith("0@3 validate: integer at byte 12 is beyond 64 bits"));
    List<String> rows = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id, x, typeof(x), note FROM read_parquet('"
                    + Loads.dataFiles(out, LoadSpec.FileFormat.Parquet).get(0)
                    + "') ORDER BY id")) {
      while (rs.next()) {
        rows.add(
            rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
      }
    }
    assertThat(rows).containsExactly("1 1 BIGINT a", "5 5 BIGINT e");
  }
}
