package dev.flashsale.adapters.config;

import io.micronaut.context.annotation.Requires;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A bean of the DynamoDB stock backend ({@link StockBackend#DYNAMODB}, the default). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Requires(property = StockBackend.PROPERTY, value = "dynamodb", defaultValue = "dynamodb")
public @interface DynamoDbBackend {
}
