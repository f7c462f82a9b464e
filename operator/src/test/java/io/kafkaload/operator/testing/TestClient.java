package io.kafkaload.operator.testing;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The Kubernetes client of the tests themselves (standing in for users and for Kubernetes'
 * controllers), not the operator's: its requests carry the User-Agent {@link
 * TestClients#USER_AGENT}, so {@code RbacConformanceTest} can tell them from the operator's and
 * hold only the operator's to the chart's RBAC. Inject it with {@code @Inject @TestClient}.
 */
@Qualifier
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER})
public @interface TestClient {}
