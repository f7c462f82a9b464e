package io.kafkaload.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A worker config document (the shape of {@link WorkerConfig}: {@code load}, {@code connection},
 * {@code spec}, {@code runtime}) as a tree, read and changed by dotted paths such as {@code
 * spec.sink.files.path}. Setting a field creates the objects on its way; an enum is written as its
 * name, as the document has it. Binding the tree again checks the types (see {@link
 * ConfigLoader#edit}).
 */
public final class ConfigDocument {
  private final ObjectNode root;

  ConfigDocument(ObjectNode root) {
    this.root = root;
  }

  /** The text at {@code path}, or null when it is absent or null. */
  public String text(String path) {
    JsonNode node = node(path);
    return node == null || node.isNull() ? null : node.asText();
  }

  /** True when {@code path} holds a value (not null). */
  public boolean has(String path) {
    JsonNode node = node(path);
    return node != null && !node.isNull();
  }

  public void set(String path, String value) {
    parent(path).put(last(path), value);
  }

  public void set(String path, long value) {
    parent(path).put(last(path), value);
  }

  public void set(String path, boolean value) {
    parent(path).put(last(path), value);
  }

  /** Sets the enum's name, as the document spells it. */
  public void set(String path, Enum<?> value) {
    set(path, value.name());
  }

  public void set(String path, List<String> values) {
    var array = parent(path).putArray(last(path));
    values.forEach(array::add);
  }

  /**
   * Sets member {@code key} of the object at {@code path}; the key may hold dots, as Kafka property
   * names do ({@code spec.source.kafka.options}, {@code max.poll.records}).
   */
  public void put(String path, String key, String value) {
    object(path).put(key, value);
  }

  /** Removes the field at {@code path}, when present. */
  public void remove(String path) {
    JsonNode parent = node(path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "");
    if (parent instanceof ObjectNode object) {
      object.remove(last(path));
    }
  }

  private JsonNode node(String path) {
    JsonNode node = root;
    if (path.isEmpty()) {
      return node;
    }
    for (String name : path.split("\\.")) {
      node = node.get(name);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  /** The object holding the last name of {@code path}, created on the way when missing. */
  private ObjectNode parent(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? root : object(path.substring(0, dot));
  }

  /** The object at {@code path}, created (with the objects on its way) when missing. */
  private ObjectNode object(String path) {
    ObjectNode node = root;
    for (String name : path.split("\\.")) {
      JsonNode child = node.get(name);
      node = child instanceof ObjectNode object ? object : node.putObject(name);
    }
    return node;
  }

  private static String last(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }
}
