package io.kafkaload.operator.testing;

import io.quarkus.test.junit.util.QuarkusTestProfileAwareClassOrderer;
import java.lang.annotation.Annotation;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Quarkus' own order of test classes (grouped so that the application starts as few times as
 * possible), then the {@link RunsLast} classes at the end. Set as {@code
 * quarkus.test.class-orderer} in application.properties.
 */
public class SuiteOrder implements ClassOrderer {

  private final ClassOrderer quarkus = new QuarkusTestProfileAwareClassOrderer();

  @Override
  public void orderClasses(ClassOrdererContext context) {
    quarkus.orderClasses(context);
    lastOnes(context.getClassDescriptors());
  }

  private static <T extends ClassDescriptor> void lastOnes(List<T> classes) {
    // List.sort is stable: the others keep Quarkus' order.
    classes.sort(Comparator.comparing(c -> runsLast(c.getTestClass())));
  }

  // By name: JUnit may load this orderer and the test classes with different class loaders.
  private static boolean runsLast(Class<?> testClass) {
    for (Annotation annotation : testClass.getAnnotations()) {
      if (annotation.annotationType().getName().equals(RunsLast.class.getName())) {
        return true;
      }
    }
    return false;
  }
}
