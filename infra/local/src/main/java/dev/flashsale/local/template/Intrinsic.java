package dev.flashsale.local.template;

/** A CloudFormation short-form function in the YAML, such as {@code !Ref X} or {@code !GetAtt X.Arn}. */
public record Intrinsic(String function, Object argument) {
}
