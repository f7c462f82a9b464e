package io.kafkaload.worker.output.jdbc;

/**
 * A row of a chunk that PostgreSQL cannot take, not written; the rest of the chunk was.
 *
 * @param row the row's 0-based index in the chunk's result
 * @param column the column whose value was refused, or null when the server did not say
 * @param reason a precise one-line reason, starting with {@code column <name>: } when known
 */
public record RejectedRow(int row, String column, String reason) {}
