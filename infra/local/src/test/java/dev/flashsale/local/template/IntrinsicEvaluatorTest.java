package dev.flashsale.local.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluator on its own: intrinsic functions against made-up parameters, conditions and physical ids. */
class IntrinsicEvaluatorTest {

    private static final StackTemplate.PhysicalIds IDS = StackTemplate.physicalIds(
            id -> "physical-" + id, (id, attribute) -> id + "/" + attribute);

    private final IntrinsicEvaluator evaluator = new IntrinsicEvaluator(Map.of(
            "UseRedis", new Intrinsic("Equals", List.of(new Intrinsic("Ref", "StockBackend"), "redis")),
            "NoRedis", new Intrinsic("Not", List.of(Map.of("Condition", "UseRedis")))),
            Map.of("StockBackend", "redis", "Stage", "prod"));

    @Test
    void resolve_shouldGiveParametersPseudoParametersAndResources_whenRef() {
        assertEquals("prod", evaluator.resolve(new Intrinsic("Ref", "Stage"), IDS));
        assertEquals("us-east-1", evaluator.resolve(Map.of("Ref", "AWS::Region"), IDS));
        assertEquals("physical-OrdersTable", evaluator.resolve(new Intrinsic("Ref", "OrdersTable"), IDS));
        assertNull(evaluator.resolve(new Intrinsic("Ref", "AWS::NoValue"), IDS));
    }

    @Test
    void resolve_shouldSubstituteRefsAndAttributes_whenSub() {
        assertEquals("prod-physical-Queue-Queue/Arn", evaluator.resolve(
                new Intrinsic("Sub", "${Stage}-${Queue}-${Queue.Arn}"), IDS));
        assertEquals("Table/StreamArn", evaluator.resolve(Map.of("Fn::GetAtt", List.of("Table", "StreamArn")), IDS));
    }

    @Test
    void resolve_shouldPickTheBranchOfTheCondition_whenIf() {
        assertEquals("cache", evaluator.resolve(new Intrinsic("If", List.of("UseRedis", "cache", "table")), IDS));
        assertEquals("table", evaluator.resolve(new Intrinsic("If", List.of("NoRedis", "cache", "table")), IDS));
    }

    @Test
    void condition_shouldEvaluateNestedConditions_andRefuseAnUnknownOne() {
        assertTrue(evaluator.condition("UseRedis", IDS));
        assertFalse(evaluator.condition("NoRedis", IDS));
        assertThrows(IllegalArgumentException.class, () -> evaluator.condition("Missing", IDS));
        assertThrows(IllegalArgumentException.class, () -> evaluator.resolve(new Intrinsic("Split", "x"), IDS));
    }
}
