package dev.flashsale.tests.template;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipFile;

import static dev.flashsale.tests.template.TemplateCheck.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code ./flashsale deploy --check} runs after the build ({@code infra/template_check.py check}): the template
 * for the samconfig environment, the resources a deploy creates, then the account. The account's answers come
 * from the AWS CLI itself (here without credentials) or from recorded CLI answers (src/test/resources/aws).
 */
class DeployCheckIT {

    private static String recorded(String situation) throws Exception {
        return Path.of(DeployCheckIT.class.getResource("/aws/" + situation).toURI()).toString();
    }

    @Test
    void check_shouldSayWhatADeployCreates_andStopWithExit3_whenNoAccountIsReachable() throws Exception {
        TemplateCheck.Run run = TemplateCheck.run("check", "--config-env", "default");

        assertEquals(3, run.exitCode(), run.output());
        assertTrue(run.stdout().contains("linted by cfn-lint: no error"), run.output());
        assertTrue(run.stdout().contains("6 AWS::Lambda::Function"), run.output());
        assertTrue(run.stdout().contains("1 AWS::ApiGateway::Stage"), run.output());
        assertTrue(run.stdout().contains("reserved concurrency 156"), run.output());
        assertTrue(run.stderr().contains("no AWS account reachable"), run.output());
    }

    /** Defect 5: a new account's quota of 10 cannot take any reservation (Lambda keeps 100 unreserved). */
    @Test
    void check_shouldRefuseWithExit4_whenReservationsLeaveFewerThan100Unreserved() throws Exception {
        TemplateCheck.Run run = TemplateCheck.run("check", "--recorded", recorded("new-account"));

        assertEquals(4, run.exitCode(), run.output());
        assertTrue(run.stderr().contains("would leave -146 of the account's 10 unreserved"), run.output());
        assertTrue(run.stderr().contains("L-B99A9384"), run.output());
        assertTrue(run.stderr().contains("ApiGatewayAccountRole=create"), run.output());
    }

    @Test
    void check_shouldPass_onAnAccountWithTheDefaultQuotaAndALoggingRole() throws Exception {
        TemplateCheck.Run run = TemplateCheck.run("check", "--recorded", recorded("default-quota"));

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.stdout().contains("after the deploy 844"), run.output());
    }

    /** Defect 9: with the account role no longer set by every stack, the first stack must be told to set it. */
    @Test
    void check_shouldRefuse_whenApiGatewayHasNoCloudWatchRoleToSet() throws Exception {
        TemplateCheck.Run refused = TemplateCheck.run("check", "--recorded", recorded("default-quota-no-logging-role"));
        assertEquals(4, refused.exitCode(), refused.output());
        assertTrue(refused.stderr().contains("ApiGatewayAccountRole=create"), refused.output());

        TemplateCheck.Run creating = TemplateCheck.run("check", "--recorded", recorded("default-quota-no-logging-role"),
                "--parameter", "ApiGatewayAccountRole=create");
        assertEquals(0, creating.exitCode(), creating.output());
        assertTrue(creating.stdout().contains("AWS::ApiGateway::Account: ApiGatewayAccount"), creating.output());
    }

    /** An update frees what the stack already reserves: 194 unreserved + 106 of its own - 156 (the sale read's 50 new) = 144. */
    @Test
    void check_shouldCountTheStacksOwnReservations_whenUpdatingIt() throws Exception {
        TemplateCheck.Run run = TemplateCheck.run("check", "--recorded", recorded("updating-stack"));

        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.stdout().contains("(this stack already reserves 106); after the deploy 144"), run.output());
    }

    /** Defect 4: CloudFront's WAF lives in us-east-1; the template's Rules refuse another region before anything. */
    @Test
    void check_shouldRefuseWithExit1_whenWafIsOnOutsideUsEast1() throws Exception {
        TemplateCheck.Run run = TemplateCheck.run("check", "--recorded", recorded("default-quota"),
                "--region", "eu-west-1", "--parameter", "WafEnabled=true");

        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.stderr().contains("WafNeedsUsEast1: WafEnabled=true needs the stack in us-east-1"), run.output());
    }

    /**
     * Issue 21, finding 8: the fake provider moves no money (any shopper pays with test-approve); the template's
     * Rules refuse it, before anything is created, on a stack not deployed as a test stack: prod's included.
     */
    @Test
    void check_shouldRefuseWithExit1_whenPaymentIsFakeOnAStackThatIsNotATestStack() throws Exception {
        TemplateCheck.Run production = TemplateCheck.run("check", "--recorded", recorded("default-quota"),
                "--parameter", "TestStack=false");
        TemplateCheck.Run prod = TemplateCheck.run("check", "--config-env", "prod", "--recorded",
                recorded("default-quota"));

        assertEquals(1, production.exitCode(), production.output());
        assertTrue(production.stderr().contains("FakePaymentOnlyOnTestStacks: PaymentProvider=fake"),
                production.output());
        assertEquals(1, prod.exitCode(), prod.output());
        assertTrue(prod.stderr().contains("FakePaymentOnlyOnTestStacks"), prod.output());
    }

    /** Defect 3, the other way: ./flashsale deploy hands sam deploy the built jars, so it needs no sam build. */
    @Test
    void deployTemplate_shouldPointEveryFunctionAtItsBuiltJar() throws Exception {
        Path out = Files.createTempDirectory("deploy-template").resolve("template.json");
        TemplateCheck.Run run = TemplateCheck.run("deploy-template", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.output());

        int functions = 0;
        for (Map.Entry<String, Object> entry : map(TemplateCheck.json(out).get("Resources")).entrySet()) {
            Map<String, Object> resource = map(entry.getValue());
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                continue;
            }
            functions++;
            Map<String, Object> properties = map(resource.get("Properties"));
            Path jar = Path.of(String.valueOf(properties.get("CodeUri")));
            String handlerClass = String.valueOf(properties.get("Handler")).split("::")[0];
            assertTrue(jar.isAbsolute() && Files.isRegularFile(jar), entry.getKey() + ": " + jar);
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                assertNotNull(zip.getEntry(handlerClass.replace('.', '/') + ".class"), entry.getKey());
            }
            assertFalse(map(resource.get("Metadata")).containsKey("BuildMethod"), entry.getKey());
        }
        assertEquals(6, functions);
    }
}
