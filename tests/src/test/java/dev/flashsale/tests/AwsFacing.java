package dev.flashsale.tests;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that exercises the AWS APIs (tag it {@code @Tag(AwsTarget.TAG)} too, so {@code -Dgroups=aws} selects
 * it): run where {@link AwsTarget} points, or skipped as a whole, before any set-up, when that target cannot start.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AwsFacing
@ExtendWith(AwsFacing.TargetAvailable.class)
public @interface AwsFacing {

    /** Disables the class when the AWS target the run asks for cannot start (LocalStack without Docker). */
    class TargetAvailable implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return AwsTarget.unavailable().map(ConditionEvaluationResult::disabled)
                    .orElseGet(() -> ConditionEvaluationResult.enabled("AWS target available"));
        }
    }
}
