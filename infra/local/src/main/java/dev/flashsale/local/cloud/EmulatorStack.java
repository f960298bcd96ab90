package dev.flashsale.local.cloud;

import java.util.Map;

/**
 * The physical values of the template's resources on an AWS emulator, as the emulator reported them (its own
 * account id and region are in the ARNs): what {@code !Ref X} and {@code !GetAtt X.Attr} give there.
 */
public record EmulatorStack(AwsEmulator emulator, Map<String, String> tableNames, Map<String, String> tableArns,
                            Map<String, String> queueUrls, Map<String, String> queueArns,
                            Map<String, String> secretArns) {

    public EmulatorStack {
        tableNames = Map.copyOf(tableNames);
        tableArns = Map.copyOf(tableArns);
        queueUrls = Map.copyOf(queueUrls);
        queueArns = Map.copyOf(queueArns);
        secretArns = Map.copyOf(secretArns);
    }

    /** {@code !Ref}: a table's name, a queue's URL, a secret's ARN (as CloudFormation gives them); else null. */
    public String ref(String logicalId) {
        if (tableNames.containsKey(logicalId)) {
            return tableNames.get(logicalId);
        }
        if (queueUrls.containsKey(logicalId)) {
            return queueUrls.get(logicalId);
        }
        return secretArns.get(logicalId);
    }

    /** {@code !GetAtt}: the ARNs, a queue's name and URL; null for what the emulator does not hold. */
    public String attribute(String logicalId, String attribute) {
        return switch (attribute) {
            case "Arn" -> queueArns.containsKey(logicalId) ? queueArns.get(logicalId) : tableArns.get(logicalId);
            case "QueueName" -> queueUrls.containsKey(logicalId) ? emulator.physicalName(logicalId) : null;
            case "QueueUrl" -> queueUrls.get(logicalId);
            default -> null;
        };
    }
}
