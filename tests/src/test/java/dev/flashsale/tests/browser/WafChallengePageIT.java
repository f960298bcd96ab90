package dev.flashsale.tests.browser;

import dev.flashsale.local.LocalSystem;
import dev.flashsale.local.cli.SigV4Signer;
import dev.flashsale.local.simulate.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, item 3: AWS WAF's Challenge answers a purchase whose token has expired (15 minutes on the page) with
 * {@code 202} and {@code x-amzn-waf-action: challenge}, and no order. The page in a real browser against the
 * local edge answering so: it tells the shopper what to do, never "Order received", and doing it buys.
 */
class WafChallengePageIT {

    private static LocalSystem system;
    private static ExecutorService executor;
    private static ApiClient admin;
    private WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0,
                Map.of("ApiRateLimit", "50", "ApiBurstLimit", "200")));
        executor = Executors.newFixedThreadPool(2);
        admin = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        system.close();
    }

    @BeforeEach
    void openBrowser() throws Exception {
        driver = Browser.start(412, 915);
    }

    @AfterEach
    void closeBrowser() {
        system.wafChallenge().off();
        if (driver != null) {
            driver.quit();
        }
    }

    private WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    @Test
    void purchase_shouldSayReloadThenBuyAgain_neverOrderReceived_whenWafAnswersWithAChallenge() throws Exception {
        // given: an open sale, the page signed in; then the shopper's WAF token expires (they waited too long)
        Instant now = Instant.now();
        assertEquals(201, admin.createSale("waf-challenged", 3, now.minusSeconds(1), now.plusSeconds(3600),
                "{\"challenge\":\"off\",\"perIpPerSecond\":0,\"perUserPerSecond\":0}").status());
        // every text the result line shows, from before the page's script runs
        ((ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.results = []; document.addEventListener('DOMContentLoaded', () => {"
                        + " const r = document.getElementById('result');"
                        + " new MutationObserver(() => window.results.push(r.textContent))"
                        + ".observe(r, {childList: true, characterData: true, subtree: true}); });"));
        driver.get(system.baseUrl() + "/?sale=waf-challenged&user=patient-shopper");
        waitUpTo(5).until(ExpectedConditions.textToBe(By.id("who"), "Signed in as patient-shopper"));
        waitUpTo(5).until(ExpectedConditions.elementToBeClickable(By.id("buy")));
        system.wafChallenge().expireTokens();
        long admissions = system.usage().get("AdmissionFunction").invocations();

        // when
        driver.findElement(By.id("buy")).click();

        // then: what a person must do, and nothing bought, nothing said to be
        waitUpTo(10).until(ExpectedConditions.textMatches(By.id("result"),
                Pattern.compile(".*Reload this page.*then press Buy again.*")));
        Browser.screenshot(driver, "waf-challenge");
        List<?> shown = (List<?>) ((JavascriptExecutor) driver).executeScript("return window.results;");
        assertFalse(shown.stream().anyMatch(text -> String.valueOf(text).contains("Order received")),
                "the page never says an order was received: " + shown);
        assertEquals(admissions, system.usage().get("AdmissionFunction").invocations(),
                "WAF answered: the purchase never reached the API");
        assertEquals(3, admin.get("/api/admin/sales/waf-challenged/report").number("remaining"));
        waitUpTo(5).until(ExpectedConditions.elementToBeClickable(By.id("buy")));

        // when: the shopper does as told (the page's load earns a fresh token)
        driver.navigate().refresh();
        waitUpTo(5).until(ExpectedConditions.textToBe(By.id("who"), "Signed in as patient-shopper"));
        waitUpTo(5).until(ExpectedConditions.elementToBeClickable(By.id("buy"))).click();

        // then
        waitUpTo(15).until(ExpectedConditions.textMatches(By.id("result"), Pattern.compile("Confirmed!.*")));
        assertTrue(system.usage().get("AdmissionFunction").invocations() > admissions);
    }
}
