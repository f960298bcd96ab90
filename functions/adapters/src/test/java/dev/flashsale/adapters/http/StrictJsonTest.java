package dev.flashsale.adapters.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrictJsonTest {

    private static Optional<String> purchase(String body) {
        return StrictJson.problem(body.getBytes(StandardCharsets.UTF_8), PurchaseBody.SHAPE);
    }

    private static Optional<String> sale(String body) {
        return StrictJson.problem(body.getBytes(StandardCharsets.UTF_8), SaleBody.SHAPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"userId\":\"shopper-1\",\"quantity\":1}",
            "{\"quantity\":1,\"challenge\":{\"challengeId\":\"c\",\"answer\":\"12\",\"token\":\"t\"}}",
            "{\"userId\":\"Zoë\",\"quantity\":1,\"extra\":[1,2,{\"a\":true}]}",
            "  {\"quantity\":1}  \n",
            "{\"userId\":null,\"quantity\":1}"})
    void problem_shouldBeNone_whenTheBodyKeepsTheContract(String body) {
        assertEquals(Optional.empty(), purchase(body));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"userId\":123,\"quantity\":1}|userId must be a JSON string",
            "{\"userId\":true,\"quantity\":1}|userId must be a JSON string",
            "{\"userId\":[\"a\"],\"quantity\":1}|userId must be a JSON string",
            "{\"userId\":{\"a\":1},\"quantity\":1}|userId must be a JSON string",
            "{\"userId\":\"u\",\"quantity\":\"1\"}|quantity must be a JSON integer",
            "{\"userId\":\"u\",\"quantity\":1.5}|quantity must be a JSON integer",
            "{\"userId\":\"u\",\"quantity\":1.0}|quantity must be a JSON integer",
            "{\"userId\":\"u\",\"quantity\":1e0}|quantity must be a JSON integer",
            "{\"userId\":\"u\",\"quantity\":true}|quantity must be a JSON integer",
            "{\"userId\":\"u\",\"quantity\":99999999999}|quantity must be an integer from",
            "{\"userId\":\"u\",\"quantity\":1,\"challenge\":\"x\"}|challenge must be a JSON object",
            "{\"userId\":\"u\",\"quantity\":1,\"challenge\":{\"answer\":12}}|challenge.answer must be a JSON string",
            "{\"userId\":\"u\",\"quantity\":1} xyz|nothing after it",
            "{\"userId\":\"u\",\"quantity\":1}{}|nothing after it",
            "{\"userId\":\"a\",\"userId\":\"b\",\"quantity\":1}|userId appears twice",
            "{\"userId\":\"a\",\"quantity\":1,\"x\":{\"k\":1,\"k\":2}}|must not repeat a key",
            "[{\"userId\":\"a\"}]|one JSON object",
            "\"text\"|one JSON object",
            "{\"userId\":\"a\",}|not well-formed",
            "{\"userId\":\"\\ud800\",\"quantity\":1}|userId must be printable",
            "{\"userId\":\"\\udc00x\",\"quantity\":1}|userId must be printable",
            "{\"userId\":\"admin\\u202egnp\",\"quantity\":1}|userId must be printable",
            "{\"userId\":\"shop\\u200bper\",\"quantity\":1}|userId must be printable",
            "{\"userId\":\"shop\\u0000per\",\"quantity\":1}|userId must be printable",
            "{\"userId\":\"a\\nb\",\"quantity\":1}|userId must be printable"})
    void problem_shouldNameTheField_whenAPurchaseBodyBreaksTheContract(String body, String expected) {
        Optional<String> problem = purchase(body);
        assertTrue(problem.isPresent() && problem.get().contains(expected), body + " -> " + problem);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"n\",\"stock\":10.7}|stock must be a JSON integer",
            "{\"name\":\"n\",\"stock\":true}|stock must be a JSON integer",
            "{\"name\":\"n\",\"stock\":\"10\"}|stock must be a JSON integer",
            "{\"name\":\"n\",\"stock\":10,\"protection\":{\"jitterMillis\":1.5}}|protection.jitterMillis must be a JSON integer",
            "{\"name\":[\"n\"],\"stock\":10}|name must be a JSON string",
            "{\"name\":\"n\\u202e\",\"stock\":10}|name must be printable"})
    void problem_shouldNameTheField_whenASaleBodyBreaksTheContract(String body, String expected) {
        Optional<String> problem = sale(body);
        assertTrue(problem.isPresent() && problem.get().contains(expected), body + " -> " + problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"n\",\"stock\":10,\"description\":\"Two lines:\\nsecond\"}"})
    void problem_shouldAllowLineBreaks_inFreeText(String body) {
        assertEquals(Optional.empty(), sale(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"userId\":\"\u00ff\",\"quantity\":1}"})
    void problem_shouldBeMalformed_whenTheBytesAreNotUtf8(String ignored) {
        byte[] latin1 = "{\"userId\":\"\u00ff\",\"quantity\":1}".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Optional.of("The body is not well-formed JSON."), StrictJson.problem(latin1, PurchaseBody.SHAPE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"n\",\"stock\":10,\"perUserLimt\":2}|Unknown field perUserLimt;",
            "{\"name\":\"n\",\"stock\":10,\"perUserLimt\":null}|Unknown field perUserLimt;",
            "{\"name\":\"n\",\"variants\":[{\"id\":\"42\"}],\"openingLotteryMillis\":5}|Unknown fields variants, openingLotteryMillis;",
            "{\"name\":\"n\",\"protection\":{\"challenge\":\"on\",\"minAnswerMilis\":900}}|Unknown field protection.minAnswerMilis;"})
    void problem_shouldNameEveryUnknownField_whenASaleBodyCarriesFieldsItDoesNotTake(String body, String expected) {
        Optional<String> problem = sale(body);

        assertTrue(problem.isPresent() && problem.get().startsWith(expected), body + " -> " + problem);
        assertTrue(problem.get().contains(" takes are "),
                "the message lists the fields the object takes: " + problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"saleId\":\"s1\",\"name\":\"n\",\"stock\":10,\"startsAt\":\"2026-11-26T10:00:00Z\","
                    + "\"endsAt\":\"2026-11-26T11:00:00Z\",\"perUserLimit\":1,\"shards\":4,\"protection\":{"
                    + "\"challenge\":\"on\",\"minAnswerMillis\":900,\"perIpPerSecond\":5,\"perUserPerSecond\":2,"
                    + "\"jitterMillis\":0,\"challengeKind\":\"question\",\"proofOfWorkBits\":16},"
                    + "\"description\":\"d\",\"priceCents\":100,\"currency\":\"EUR\",\"paymentMinutes\":10}"})
    void problem_shouldBeNone_whenASaleDefinitionReadBackIsPutAgain(String body) {
        assertEquals(Optional.empty(), sale(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"userId\":\"u\",\"quantity\":1,\"variant\":\"42\"}"})
    void problem_shouldBeNone_whenAShopperBodyCarriesMoreThanItsContract(String body) {
        assertEquals(Optional.empty(), purchase(body)); // shopper clients may send more; only admin bodies are closed
    }
}
