package io.kafkaload.worker.transform.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.transform.types.DuckDbType.ListOf;
import io.kafkaload.worker.transform.types.DuckDbType.MapOf;
import io.kafkaload.worker.transform.types.DuckDbType.Primitive;
import io.kafkaload.worker.transform.types.DuckDbType.Struct;
import io.kafkaload.worker.transform.types.DuckDbType.Union;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one DuckDB type parser and its two printings, against what a live DuckDB prints. */
class DuckDbTypeTest {

  private static Connection db;

  @BeforeAll
  static void open() throws Exception {
    db = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  @Test
  void primitivesWithWordsAndArguments() {
    assertThat(DuckDbType.parse("INTEGER")).isEqualTo(DuckDbType.primitive("INTEGER"));
    assertThat(DuckDbType.parse("TIMESTAMP WITH TIME ZONE"))
        .isEqualTo(DuckDbType.primitive("TIMESTAMP WITH TIME ZONE"));
    assertThat(DuckDbType.parse("DECIMAL(38,10)"))
        .isEqualTo(new Primitive("DECIMAL", List.of("38", "10")));
    assertThat(DuckDbType.parse("ENUM('a, b', 'it''s', ')')"))
        .isEqualTo(new Primitive("ENUM", List.of("'a, b'", "'it''s'", "')'")));
    assertThat(DuckDbType.parse("\"NULL\"")).isEqualTo(DuckDbType.primitive("NULL"));
    assertThat(DuckDbType.parse("\"NULL\"").duckDb()).isEqualTo("\"NULL\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "int8;BIGINT",
        "TIMESTAMPTZ;TIMESTAMP WITH TIME ZONE",
        "timetz;TIME WITH TIME ZONE",
        "NUMERIC;DECIMAL(18,3)",
        "DECIMAL( 10 );DECIMAL(10,0)",
        "DECIMAL(38, 0);DECIMAL(38,0)",
        "text[];VARCHAR[]",
        "VARINT;BIGNUM",
        "DATETIME;TIMESTAMP",
        "STRUCT(a INT, b REAL);STRUCT(a INTEGER, b FLOAT)",
        "ROW(a BOOL);STRUCT(a BOOLEAN)"
      })
  void aliasesReadAsDuckDbNamesThem(String alias, String name) {
    assertThat(DuckDbType.parse(alias).duckDb()).isEqualTo(name);
  }

  @Test
  void nestedTypesWithQuotedNames() {
    DuckDbType type =
        DuckDbType.parse(
            "STRUCT(\"a\"\"b\" INTEGER, \"x,y\" TIMESTAMP WITH TIME ZONE,"
                + " items STRUCT(n VARCHAR, m MAP(VARCHAR, DECIMAL(5,2)[]))[],"
                + " e ENUM('p', 'q'), u UNION(n INTEGER, \"s t\" VARCHAR))[3][]");
    ListOf outer = (ListOf) type;
    assertThat(outer.size()).isNull();
    ListOf fixed = (ListOf) outer.element();
    assertThat(fixed.size()).isEqualTo(3);
    Struct struct = (Struct) fixed.element();
    assertThat(struct.names()).containsExactly("a\"b", "x,y", "items", "e", "u");
    assertThat(struct.types().get(1).primitiveName()).isEqualTo("TIMESTAMP WITH TIME ZONE");
    Struct item = (Struct) ((ListOf) struct.types().get(2)).element();
    MapOf map = (MapOf) item.types().get(1);
    assertThat(map.key().primitiveName()).isEqualTo("VARCHAR");
    assertThat(((ListOf) map.value()).element())
        .isEqualTo(new Primitive("DECIMAL", List.of("5", "2")));
    assertThat(struct.types().get(3)).isEqualTo(new Primitive("ENUM", List.of("'p'", "'q'")));
    Union union = (Union) struct.types().get(4);
    assertThat(union.names()).containsExactly("n", "s t");
    assertThat(type.duckDb())
        .isEqualTo(
            "STRUCT(\"a\"\"b\" INTEGER, \"x,y\" TIMESTAMP WITH TIME ZONE,"
                + " items STRUCT(n VARCHAR, m MAP(VARCHAR, DECIMAL(5,2)[]))[],"
                + " e ENUM('p', 'q'), u UNION(n INTEGER, \"s t\" VARCHAR))[3][]");
    assertThat(type.sql())
        .isEqualTo(
            "STRUCT(\"a\"\"b\" INTEGER, \"x,y\" TIMESTAMP WITH TIME ZONE,"
                + " \"items\" STRUCT(\"n\" VARCHAR, \"m\" MAP(VARCHAR, DECIMAL(5,2)[]))[],"
                + " \"e\" ENUM('p', 'q'), \"u\" UNION(\"n\" INTEGER, \"s t\" VARCHAR))[3][]");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "STRUCT(a BIGINT;cannot read DuckDB type at 15, expected ')'",
        "DECIMAL(18,3;expected ')'",
        "DECIMAL(a,b);expected DECIMAL(precision, scale) of numbers",
        "STRUCT(\"a BIGINT);expected closing quote",
        "MAP(VARCHAR);expected ','",
        "INTEGER[;expected ']'",
        "INTEGER INTEGER(;expected ')'",
        "[];expected a name",
        "BIGINT);expected end of type"
      })
  void malformedTextIsRefusedNamingThePosition(String text, String message) {
    assertThatThrownBy(() -> DuckDbType.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .hasMessageContaining(text);
  }

  @Test
  void nestingIsBounded() {
    String deep = "INTEGER" + "[]".repeat(300);
    assertThatThrownBy(
            () -> DuckDbType.parse("STRUCT(a ".repeat(300) + "INTEGER" + ")".repeat(300)))
        .hasMessageContaining("nested at most 256 levels");
    assertThat(DuckDbType.parse(deep).duckDb()).isEqualTo(deep);
  }

  /**
   * What DuckDB 2.0 really prints: {@code typeof} and {@code DESCRIBE} (what read_json inference
   * and Parquet footers give) and the JDBC driver's {@code getColumnTypeName} (what the outputs
   * read) spell every type alike but ENUM, whose values only the former list; all read to the type
   * the expression has.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "{'a b': 1::INTEGER, 'a': 2::INTEGER, 'q\"x': 3::INTEGER, 'select': 4::INTEGER, 'NULL': NULL};"
            + "STRUCT(\"a b\" INTEGER, a INTEGER, \"q\"\"x\" INTEGER, \"select\" INTEGER,"
            + " \"NULL\" \"NULL\")",
        "[1::INTEGER];INTEGER[]",
        "array_value(1::INTEGER, 2, 3);INTEGER[3]",
        "[array_value(1::INTEGER, 2)];INTEGER[2][]",
        "1::DECIMAL(38,0);DECIMAL(38,0)",
        "1::DECIMAL;DECIMAL(18,3)",
        "TIMESTAMPTZ '2024-01-01';TIMESTAMP WITH TIME ZONE",
        "TIMETZ '10:00:00+02';TIME WITH TIME ZONE",
        "'2024-01-01'::TIMESTAMP_NS;TIMESTAMP_NS",
        "1::UBIGINT;UBIGINT",
        "1::HUGEINT;HUGEINT",
        "1::UHUGEINT;UHUGEINT",
        "uuid();UUID",
        "'a'::BLOB;BLOB",
        "'{}'::JSON;JSON",
        "INTERVAL 1 DAY;INTERVAL",
        "MAP {'a': '1'::JSON};MAP(VARCHAR, JSON)",
        "NULL;\"NULL\"",
        "[];\"NULL\"[]",
        "union_value(n := 1::INTEGER);UNION(n INTEGER)",
        "'101'::BIT;BIT",
        "1::VARINT;BIGNUM",
        "{'x': [{'y': MAP {1::INTEGER: [1.0::FLOAT]}}]};STRUCT(x STRUCT(y MAP(INTEGER, FLOAT[]))[])",
        "'a'::ENUM('a', 'b');ENUM('a', 'b')"
      })
  void readsWhatDuckDbPrints(String expression, String printed) throws Exception {
    String described;
    String typeOf;
    String metadata;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("DESCRIBE SELECT " + expression + " AS x")) {
      rs.next();
      described = rs.getString("column_type");
    }
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT typeof(" + expression + ")")) {
      rs.next();
      typeOf = rs.getString(1);
    }
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + expression + " AS x")) {
      metadata = rs.getMetaData().getColumnTypeName(1);
    }
    assertThat(described).isEqualTo(printed).isEqualTo(typeOf);
    DuckDbType type = DuckDbType.parse(printed);
    assertThat(DuckDbType.parse(type.duckDb())).isEqualTo(type);
    assertThat(DuckDbType.parse(type.sql())).isEqualTo(type);
    if (type.primitives().stream().noneMatch(p -> p.name().equals("NULL"))) {
      // DuckDB reads the type as this model prints it, and prints it back as it did
      try (Statement st = db.createStatement();
          ResultSet rs = st.executeQuery("SELECT typeof(CAST(NULL AS " + type.sql() + "))")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo(printed);
      }
    }
    if (type.primitiveName().equals("ENUM")) {
      assertThat(metadata).isEqualTo("ENUM");
    } else {
      assertThat(metadata).isEqualTo(printed);
    }
    assertThat(DuckDbType.parse(metadata).primitiveName()).isEqualTo(type.primitiveName());
  }
}
