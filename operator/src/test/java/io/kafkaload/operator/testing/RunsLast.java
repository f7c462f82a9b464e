package io.kafkaload.operator.testing;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** A test class that {@link SuiteOrder} runs after every other one (it judges what they did). */
@Retention(RUNTIME)
@Target(TYPE)
public @interface RunsLast {}
