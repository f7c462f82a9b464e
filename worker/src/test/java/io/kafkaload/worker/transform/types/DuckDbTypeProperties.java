package io.kafkaload.worker.transform.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.output.files.avro.AvroFiles;
import io.kafkaload.worker.output.iceberg.DuckDbColumn;
import io.kafkaload.worker.output.iceberg.IcebergTables;
import io.kafkaload.worker.output.jdbc.PgTable;
import io.kafkaload.worker.transform.types.DuckDbType.ListOf;
import io.kafkaload.worker.transform.types.DuckDbType.MapOf;
import io.kafkaload.worker.transform.types.DuckDbType.Primitive;
import io.kafkaload.worker.transform.types.DuckDbType.Struct;
import io.kafkaload.worker.transform.types.DuckDbType.Union;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated DuckDB types (every kind, nested up to 16 levels, field names with quotes, commas,
 * spaces, keywords and any letters): printed both ways they read back as the same tree, and DuckDB
 * itself prints them (typeof, and the JDBC metadata the outputs read) as text that reads back as
 * the same tree. The types read_json can infer go through the three outputs' mappers (Avro,
 * Iceberg, PostgreSQL) from DuckDB's own metadata: each maps them, or refuses them with {@link
 * UnmappedType} naming a part of the type it refuses on its own.
 */
class DuckDbTypeProperties {

  private static final int MAX_DEPTH = 16;
  private static Connection db;

  @BeforeContainer
  static void open() throws Exception {
    db = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterContainer
  static void close() throws Exception {
    db.close();
  }

  // ---------------------------------------------------------------- generators

  private static final List<String> PRIMITIVES =
      List.of(
          "BOOLEAN",
          "TINYINT",
          "SMALLINT",
          "INTEGER",
          "BIGINT",
          "HUGEINT",
          "UTINYINT",
          "USMALLINT",
          "UINTEGER",
          "UBIGINT",
          "UHUGEINT",
          "FLOAT",
          "DOUBLE",
          "VARCHAR",
          "BLOB",
          "BIT",
          "BIGNUM",
          "DATE",
          "TIME",
          "TIME WITH TIME ZONE",
          "TIMESTAMP",
          "TIMESTAMP_S",
          "TIMESTAMP_MS",
          "TIMESTAMP_NS",
          "TIMESTAMP WITH TIME ZONE",
          "INTERVAL",
          "UUID",
          "JSON");

  /** The primitives read_json infers (strings that look like dates, times and UUIDs included). */
  private static final List<String> INFERABLE =
      List.of(
          "BIGINT",
          "UBIGINT",
          "HUGEINT",
          "DOUBLE",
          "VARCHAR",
          "BOOLEAN",
          "NULL",
          "JSON",
          "DATE",
          "TIME",
          "TIMESTAMP",
          "TIMESTAMP WITH TIME ZONE",
          "UUID",
          "INTERVAL",
          "DECIMAL(38,0)");

  /** Field names: plain, keywords, and any text DuckDB takes as a quoted identifier. */
  private static Arbitrary<String> names() {
    Arbitrary<String> plain =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> keyword =
        Arbitraries.of("select", "NULL", "key", "value", "struct", "map", "union", "order", "A");
    Arbitrary<String> odd =
        Arbitraries.strings()
            .withChars("\" ,()[]'.-_$aZ9é€")
            .withCharRange('\u4e00', '\u4e10')
            .ofMinLength(1)
            .ofMaxLength(6);
    return Arbitraries.frequencyOf(Tuple.of(4, plain), Tuple.of(1, keyword), Tuple.of(3, odd));
  }

  /** 1 to 3 names, distinct ignoring case (as DuckDB wants them). */
  private static Arbitrary<List<String>> distinctNames() {
    return names()
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .filter(
            list -> {
              Set<String> seen = new HashSet<>();
              return list.stream().allMatch(n -> seen.add(n.toLowerCase(Locale.ROOT)));
            });
  }

  private static Arbitrary<DuckDbType> anyPrimitive() {
    Arbitrary<DuckDbType> named = Arbitraries.of(PRIMITIVES).map(DuckDbType::primitive);
    Arbitrary<DuckDbType> decimal =
        Arbitraries.integers()
            .between(1, 38)
            .flatMap(
                p ->
                    Arbitraries.integers()
                        .between(0, p)
                        .map(
                            s ->
                                (DuckDbType)
                                    new Primitive("DECIMAL", List.of(p.toString(), s.toString()))));
    Arbitrary<DuckDbType> enumType =
        Arbitraries.of("'a', 'b'", "'x y', 'it''s', ')'")
            .map(values -> DuckDbType.parse("ENUM(" + values + ")"));
    return Arbitraries.oneOf(named, named, named, decimal, enumType);
  }

  private static Arbitrary<DuckDbType> inferablePrimitive() {
    return Arbitraries.of(INFERABLE).map(DuckDbType::parse);
  }

  /**
   * A type whose deepest path has exactly {@code depth} nested levels; {@code inferable}: only what
   * read_json infers (LIST, STRUCT, MAP with VARCHAR keys).
   */
  private static Arbitrary<DuckDbType> type(int depth, boolean inferable) {
    Arbitrary<DuckDbType> leaf = inferable ? inferablePrimitive() : anyPrimitive();
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<DuckDbType> deep = Arbitraries.lazy(() -> type(depth - 1, inferable));
    Arbitrary<DuckDbType> shallow = Arbitraries.lazy(() -> type(Math.min(depth - 1, 1), inferable));
    Arbitrary<DuckDbType> list = deep.map(DuckDbType::list);
    Arbitrary<DuckDbType> array =
        Combinators.combine(deep, Arbitraries.integers().between(1, 4))
            .as((e, n) -> (DuckDbType) new ListOf(e, n));
    Arbitrary<DuckDbType> struct =
        Combinators.combine(distinctNames(), deep, shallow.list().ofSize(2))
            .as((names, first, others) -> struct(names, first, others, Struct::new));
    Arbitrary<DuckDbType> union =
        Combinators.combine(distinctNames(), deep, shallow.list().ofSize(2))
            .as((names, first, others) -> struct(names, first, others, Union::new));
    Arbitrary<DuckDbType> mapKey =
        inferable
            ? Arbitraries.just(DuckDbType.primitive("VARCHAR"))
            : Arbitraries.of("VARCHAR", "BIGINT", "INTEGER", "DATE", "UUID", "BLOB")
                .map(DuckDbType::primitive);
    Arbitrary<DuckDbType> map = Combinators.combine(mapKey, deep).as(MapOf::new);
    return inferable
        ? Arbitraries.oneOf(list, struct, struct, map)
        : Arbitraries.oneOf(list, array, struct, struct, map, union);
  }

  private interface Members {
    DuckDbType of(List<String> names, List<DuckDbType> types);
  }

  private static DuckDbType struct(
      List<String> names, DuckDbType first, List<DuckDbType> others, Members make) {
    List<DuckDbType> types = new ArrayList<>();
    types.add(first);
    types.addAll(others.subList(0, names.size() - 1));
    return make.of(names, types);
  }

  @Provide
  Arbitrary<DuckDbType> anyType() {
    return Arbitraries.integers().between(0, MAX_DEPTH).flatMap(d -> type(d, false));
  }

  @Provide
  Arbitrary<DuckDbType> inferableType() {
    return Arbitraries.integers().between(0, MAX_DEPTH).flatMap(d -> type(d, true));
  }

  // ---------------------------------------------------------------- properties

  @Property
  void printedEitherWayATypeReadsBackAsItself(@ForAll("anyType") DuckDbType type) {
    assertThat(DuckDbType.parse(type.duckDb())).isEqualTo(type);
    assertThat(DuckDbType.parse(type.sql())).isEqualTo(type);
  }

  @Property
  void whatDuckDbPrintsOfATypeReadsBackAsIt(@ForAll("anyType") DuckDbType type) throws Exception {
    try (Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT typeof(CAST(NULL AS "
                    + type.sql()
                    + ")), CAST(NULL AS "
                    + type.sql()
                    + ")")) {
      rs.next();
      assertThat(DuckDbType.parse(rs.getString(1))).isEqualTo(type);
      // the JDBC metadata leaves out ENUM's values, else spells types as typeof does
      assertThat(DuckDbType.parse(rs.getMetaData().getColumnTypeName(2)))
          .isEqualTo(withoutEnumValues(type));
    }
  }

  @Property
  void everyOutputMapsAnInferableTypeOrRefusesItNamingAPartItRefuses(
      @ForAll("inferableType") DuckDbType type) throws Exception {
    try (Connection own = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = own.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + value(type) + " AS c")) {
      ResultSetMetaData md = rs.getMetaData();
      String printed = md.getColumnTypeName(1);
      assertThat(DuckDbType.parse(printed)).isEqualTo(type);
      Set<String> parts = new HashSet<>();
      type.primitives().forEach(p -> parts.add(p.name()));

      UnmappedType avro = refusal(() -> AvroFiles.schema(md, "row"));
      UnmappedType iceberg =
          refusal(() -> IcebergTables.schemaOf(List.of(new DuckDbColumn("c", printed))));
      UnmappedType postgres = refusal(() -> PgTable.pgType(printed));

      // Avro and PostgreSQL hold every type read_json infers
      assertThat(avro).isNull();
      assertThat(postgres).isNull();
      // Iceberg has no lossless type for integers beyond 64 bits and for INTERVAL
      Set<String> noIceberg = Set.of("HUGEINT", "UBIGINT", "INTERVAL");
      if (parts.stream().anyMatch(noIceberg::contains)) {
        assertThat(iceberg).isNotNull();
        assertThat(iceberg.target()).isEqualTo(UnmappedType.Target.ICEBERG);
        assertThat(noIceberg).contains(iceberg.refused());
        assertThat(parts).contains(iceberg.refused());
        // the same reason as for that part alone
        UnmappedType alone =
            refusal(
                () -> IcebergTables.schemaOf(List.of(new DuckDbColumn("c", iceberg.refused()))));
        assertThat(alone.getMessage()).isEqualTo(iceberg.getMessage());
      } else {
        assertThat(iceberg).isNull();
      }
    }
  }

  /**
   * A value of {@code type} (DuckDB cannot CAST to its type NULL, which a NULL literal has): NULL
   * of each primitive, in a one-item LIST, a STRUCT literal, a MAP of one entry.
   */
  private static String value(DuckDbType type) {
    if (type instanceof ListOf l) {
      return "[" + value(l.element()) + "]";
    }
    if (type instanceof MapOf m) {
      return "MAP {'k': " + value(m.value()) + "}";
    }
    if (type instanceof Struct s) {
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < s.names().size(); i++) {
        fields.add("'" + s.names().get(i).replace("'", "''") + "': " + value(s.types().get(i)));
      }
      return "{" + String.join(", ", fields) + "}";
    }
    return type.primitiveName().equals("NULL") ? "NULL" : "CAST(NULL AS " + type.sql() + ")";
  }

  private interface Mapping {
    void run() throws Exception;
  }

  /** The mapper's refusal, null when it maps; any other failure fails the property. */
  private static UnmappedType refusal(Mapping mapping) throws Exception {
    try {
      mapping.run();
      return null;
    } catch (UnmappedType e) {
      return e;
    } catch (ConfigException e) {
      if (e.getCause() instanceof UnmappedType u) {
        return u;
      }
      throw e;
    }
  }

  /** A top-level ENUM without its values (nested ones keep them). */
  private static DuckDbType withoutEnumValues(DuckDbType type) {
    return type.primitiveName().equals("ENUM") ? DuckDbType.primitive("ENUM") : type;
  }
}
