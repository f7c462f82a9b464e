package io.kafkaload.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Lists the differences between two JSON trees, one line per path. */
public final class JsonDiff {

  private JsonDiff() {}

  /** Differences as {@code path: expected X, got Y} lines; empty when equal. */
  public static List<String> differences(JsonNode expected, JsonNode actual) {
    List<String> out = new ArrayList<>();
    walk("$", expected, actual, out);
    return out;
  }

  private static void walk(String path, JsonNode expected, JsonNode actual, List<String> out) {
    if (expected == null || actual == null) {
      if (expected != actual) {
        out.add(path + ": expected " + expected + ", got " + actual);
      }
      return;
    }
    if (expected.isObject() && actual.isObject()) {
      Set<String> names = new TreeSet<>();
      expected.fieldNames().forEachRemaining(names::add);
      actual.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        walk(path + "." + name, expected.get(name), actual.get(name), out);
      }
      return;
    }
    if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
      for (int i = 0; i < expected.size(); i++) {
        walk(path + "[" + i + "]", expected.get(i), actual.get(i), out);
      }
      return;
    }
    // Int and long nodes of the same value are the same JSON number.
    if (expected.isNumber() && actual.isNumber()) {
      if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
        out.add(path + ": expected " + expected + ", got " + actual);
      }
      return;
    }
    if (!expected.equals(actual)) {
      out.add(path + ": expected " + expected + ", got " + actual);
    }
  }
}
