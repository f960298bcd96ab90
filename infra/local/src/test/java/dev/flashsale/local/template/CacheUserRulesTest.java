package dev.flashsale.local.template;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local cache takes the template's ElastiCache users only as ElastiCache would (issue 22, item 5). */
class CacheUserRulesTest {

    private static final StackTemplate.PhysicalIds IDS = StackTemplate.physicalIds(id -> id, (id, a) -> id + "." + a);
    private static final Specs.CacheUser DEFAULT_OFF =
            new Specs.CacheUser("Default", "default", "off -@all", "password", "app-default", "valkey");
    private static final Specs.CacheUser APP =
            new Specs.CacheUser("App", "app-admission", "on ~* +@all", "iam", "app-admission", "valkey");
    private static final Specs.CacheUserGroup GROUP =
            new Specs.CacheUserGroup("Group", "app-users", "valkey", List.of("Default", "App"));

    private static Path templateFile() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        return dir.resolve("template.yaml");
    }

    @Test
    void templatesCacheUsers_shouldBeAcceptedByElastiCache_whateverTheCaseOfTheStackName() throws Exception {
        for (String stackName : List.of("flashsale", "FlashSale-Prod")) {
            StackTemplate template = StackTemplate.read(templateFile(), Map.of("StockBackend", "redis"), stackName,
                    "us-east-1");
            List<Specs.CacheUser> users = template.cacheUsers(IDS);
            assertEquals(List.of(), CacheUserRules.problems(users, template.cacheUserGroups(IDS)), stackName);
            assertEquals(1, template.cacheUserGroups(IDS).size());
            Specs.Function admission = template.functions(IDS).stream()
                    .filter(f -> f.logicalId().equals("AdmissionFunction")).findFirst().orElseThrow();
            assertTrue(users.stream().anyMatch(u -> u.userName().equals(admission.environment().get("FLASHSALE_REDIS_USER"))
                    && u.authentication().equals("iam")), "the functions connect as the template's IAM user");
        }
    }

    @Test
    void problems_shouldBeNone_whenTheGroupHasADefaultUserThatAuthenticates() {
        assertEquals(List.of(), CacheUserRules.problems(List.of(DEFAULT_OFF, APP), List.of(GROUP)));
    }

    @Test
    void problems_shouldRefuseAValkeyGroup_whenItsDefaultUserNeedsNoPassword() {
        Specs.CacheUser open = new Specs.CacheUser("Default", "default", "off -@all", "none", "app-default", "valkey");
        List<String> problems = CacheUserRules.problems(List.of(open, APP), List.of(GROUP));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("only users that authenticate"), problems.toString());
    }

    @Test
    void problems_shouldRefuseAGroup_whenNoUserIsNamedDefault() {
        Specs.CacheUserGroup withoutDefault = new Specs.CacheUserGroup("Group", "app-users", "valkey", List.of("App"));
        List<String> problems = CacheUserRules.problems(List.of(APP), List.of(withoutDefault));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("DefaultUserRequired"), problems.toString());
    }

    @Test
    void problems_shouldRefuseIds_whenTheyHaveCapitals() {
        Specs.CacheUser capital = new Specs.CacheUser("App", "FlashSale-admission", "on ~* +@all", "iam",
                "FlashSale-admission", "valkey");
        List<String> problems = CacheUserRules.problems(List.of(DEFAULT_OFF, capital), List.of(
                new Specs.CacheUserGroup("Group", "FlashSale-users", "valkey", List.of("Default", "App"))));
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void problems_shouldRefuseAnIamUser_whenItsIdIsNotItsName() {
        Specs.CacheUser renamed = new Specs.CacheUser("App", "admission", "on ~* +@all", "iam", "app-admission", "valkey");
        assertEquals(1, CacheUserRules.problems(List.of(DEFAULT_OFF, renamed), List.of(GROUP)).size());
    }

    @Test
    void problems_shouldRefuseAValkeyUser_inARedisGroup_andAnUnknownEngine() {
        Specs.CacheUserGroup redisGroup = new Specs.CacheUserGroup("Group", "app-users", "redis", List.of("Default", "App"));
        assertEquals(2, CacheUserRules.problems(List.of(DEFAULT_OFF, APP), List.of(redisGroup)).size());
        Specs.CacheUser memcached = new Specs.CacheUser("App", "app-admission", "on", "iam", "app-admission", "memcached");
        assertEquals(1, CacheUserRules.problems(List.of(DEFAULT_OFF, memcached), List.of(GROUP)).size());
    }
}
