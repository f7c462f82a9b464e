/**
 * The rules the operator and the worker must judge alike, each written once here: the operator
 * applies them when a resource is applied (a spec it refuses never becomes a workload), the worker
 * again at start (its config file may come from elsewhere, e.g. {@code kafkaload run -f}). Each
 * side keeps its own sentence around a rule's words (the operator lists problems, the worker may
 * throw), and its own model of the spec: the rules take plain values. One fact here is not a rule
 * on the spec but a setting both sides need alike: {@link io.kafkaload.contract.DuckDbLockdown},
 * how an embedded DuckDB is locked down before it sees a load's SQL.
 *
 * <p>What stays written on both sides (the spec models, the defaults the rendered worker config
 * carries) is pinned by the contract files of {@code examples/} instead (docs/worker-config.md).
 */
package io.kafkaload.contract;
