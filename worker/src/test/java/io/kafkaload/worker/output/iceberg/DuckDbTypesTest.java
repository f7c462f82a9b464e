package io.kafkaload.worker.output.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.transform.types.DuckDbType;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DuckDbTypes#writtenAs}, the DuckDB type DuckDB writes as Iceberg writes a table column's
 * type (the casts of {@link DuckDbDataFiles}): spelt in the one type model, and taken back to the
 * same Iceberg type by {@link DuckDbTypes#toIceberg}.
 */
class DuckDbTypesTest {

  static List<Object[]> written() {
    return List.of(
        new Object[] {Types.BooleanType.get(), "BOOLEAN"},
        new Object[] {Types.IntegerType.get(), "INTEGER"},
        new Object[] {Types.LongType.get(), "BIGINT"},
        new Object[] {Types.FloatType.get(), "FLOAT"},
        new Object[] {Types.DoubleType.get(), "DOUBLE"},
        new Object[] {Types.DecimalType.of(38, 0), "DECIMAL(38,0)"},
        new Object[] {Types.DecimalType.of(9, 4), "DECIMAL(9,4)"},
        new Object[] {Types.DateType.get(), "DATE"},
        new Object[] {Types.TimestampType.withoutZone(), "TIMESTAMP"},
        new Object[] {Types.TimestampType.withZone(), "TIMESTAMP WITH TIME ZONE"},
        new Object[] {Types.StringType.get(), "VARCHAR"},
        new Object[] {Types.BinaryType.get(), "BLOB"},
        new Object[] {
          Types.StructType.of(
              Types.NestedField.optional(1, "a b", Types.LongType.get()),
              Types.NestedField.optional(
                  3,
                  "in",
                  Types.StructType.of(
                      Types.NestedField.optional(2, "ts", Types.TimestampType.withZone())))),
          "STRUCT(\"a b\" BIGINT, \"in\" STRUCT(\"ts\" TIMESTAMP WITH TIME ZONE))"
        });
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("written")
  void eachTypeIsWrittenAsItsDuckDbTypeAndBack(Type type, String sql) {
    DuckDbType duck = DuckDbTypes.writtenAs(type);
    assertThat(duck.sql()).isEqualTo(sql);
    assertThat(DuckDbType.parse(sql)).isEqualTo(duck);
    AtomicInteger ids = new AtomicInteger();
    assertThat(DuckDbTypes.toIceberg(duck, ids::incrementAndGet)).isEqualTo(type);
  }

  @Test
  void typesDuckDbDoesNotWriteAsIcebergHaveNone() {
    assertThat(DuckDbTypes.writtenAs(Types.TimeType.get())).isNull();
    assertThat(DuckDbTypes.writtenAs(Types.UUIDType.get())).isNull();
    assertThat(DuckDbTypes.writtenAs(Types.FixedType.ofLength(4))).isNull();
    assertThat(DuckDbTypes.writtenAs(Types.ListType.ofOptional(1, Types.LongType.get()))).isNull();
    assertThat(
            DuckDbTypes.writtenAs(
                Types.MapType.ofOptional(1, 2, Types.StringType.get(), Types.LongType.get())))
        .isNull();
    assertThat(DuckDbTypes.writtenAs(Types.StructType.of())).isNull();
    // a required field, or a field of a type without one, leaves the whole struct without one
    assertThat(
            DuckDbTypes.writtenAs(
                Types.StructType.of(
                    Types.NestedField.optional(1, "a", Types.LongType.get()),
                    Types.NestedField.required(2, "b", Types.LongType.get()))))
        .isNull();
    assertThat(
            DuckDbTypes.writtenAs(
                Types.StructType.of(
                    Types.NestedField.optional(1, "a", Types.LongType.get()),
                    Types.NestedField.optional(2, "t", Types.TimeType.get()))))
        .isNull();
  }
}
