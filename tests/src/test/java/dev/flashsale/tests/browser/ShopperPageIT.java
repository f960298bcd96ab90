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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shopper page in a real browser against the whole local stack. */
class ShopperPageIT {

    /** The whole page (HTML, CSS, JS), uncompressed, must stay under this. */
    private static final long PAGE_BUDGET_BYTES = 50 * 1024;

    private static LocalSystem system;
    private static ExecutorService executor;
    private static ApiClient api;
    private WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        // A stage throttle roomy enough for the page's own polling; the 429 test uses a sale's per-address limit.
        system = LocalSystem.start(new LocalSystem.Options(LocalSystem.projectRoot(), "127.0.0.1", 0,
                Map.of("ApiRateLimit", "50", "ApiBurstLimit", "200")));
        executor = Executors.newFixedThreadPool(4);
        api = new ApiClient(system.baseUrl(), executor, SigV4Signer.forLocalStack());
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        system.close();
    }

    @BeforeEach
    void openBrowser() throws Exception {
        driver = Browser.start(412, 915); // a phone-size screen
    }

    @AfterEach
    void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    private String sale(int stock, Instant startsAt, String protection) {
        return sale(stock, startsAt, protection, "");
    }

    /** {@code extraFields}: more JSON fields of the sale, each with a leading comma. */
    private String sale(int stock, Instant startsAt, String protection, String extraFields) {
        String saleId = "page-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"name\":\"Trail runner 2\",\"description\":\"Limited colourway, one per shopper.\","
                + "\"priceCents\":8900,\"currency\":\"EUR\",\"stock\":" + stock + ",\"startsAt\":\"" + startsAt
                + "\",\"endsAt\":\"" + startsAt.plusSeconds(3600) + "\",\"protection\":" + protection
                + extraFields + "}";
        assertEquals(201, api.put("/api/admin/sales/" + saleId, body).status());
        return saleId;
    }

    private void open(String saleId, String user) {
        driver.get(system.baseUrl() + "/?sale=" + saleId + "&user=" + user);
    }

    private WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private static final String UNGUARDED = "{\"challenge\":\"off\",\"perIpPerSecond\":0,\"perUserPerSecond\":0}";

    @Test
    void countdown_shouldTurnIntoAnOpenSale_atTheStart() throws Exception {
        String saleId = sale(5, Instant.now().plusSeconds(15), UNGUARDED);
        open(saleId, "early-shopper");

        waitUpTo(10).until(ExpectedConditions.textToBe(By.id("status"), "Starts soon"));
        assertTrue(driver.findElement(By.id("countdown")).isDisplayed());
        assertTrue(text("countdown").matches("00:(0[0-9]|1[0-5])"), text("countdown"));
        assertFalse(driver.findElement(By.id("buy")).isEnabled(), "no buying before the start");
        Browser.screenshot(driver, "upcoming");

        waitUpTo(20).until(ExpectedConditions.textToBe(By.id("status"), "On sale now"));
        assertTrue(driver.findElement(By.id("buy")).isEnabled());
        assertFalse(driver.findElement(By.id("countdown")).isDisplayed());
        assertEquals("5 of 5 left", text("remaining"));
        assertTrue(text("price").contains("89"), text("price"));
        Browser.screenshot(driver, "open");
    }

    @Test
    void purchase_shouldGoFromTheChallengeToConfirmed_withTheKeyboard() throws Exception {
        String saleId = sale(3, Instant.now().minusSeconds(1),
                "{\"challenge\":\"on\",\"minAnswerMillis\":300,\"perIpPerSecond\":0,\"perUserPerSecond\":0}");
        open(saleId, "keyboard-shopper");
        waitUpTo(5).until(ExpectedConditions.elementToBeClickable(By.id("buy")));
        // ?user= signed the page in with the local identity provider: no id is typed, the token says who buys
        waitUpTo(5).until(ExpectedConditions.textToBe(By.id("who"), "Signed in as keyboard-shopper"));
        assertFalse(driver.findElement(By.id("user")).isDisplayed());

        driver.findElement(By.id("buy")).sendKeys(Keys.ENTER); // Enter on the button: the Buy action
        WebElement question = waitUpTo(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("question")));
        waitUpTo(5).until(ExpectedConditions.textMatches(By.id("question"),
                java.util.regex.Pattern.compile("What is \\d+ \\+ \\d+\\?")));
        String[] terms = question.getText().replace("What is ", "").replace("?", "").split(" \\+ ");
        assertFalse(driver.findElement(By.id("buy")).isEnabled(), "the Buy button is spent");
        assertEquals("answer", driver.switchTo().activeElement().getAttribute("id"), "focus moves to the answer");
        Browser.screenshot(driver, "challenge");
        Thread.sleep(dev.flashsale.core.challenge.Challenges.longestMinimumMillis(300) + 100);
        driver.switchTo().activeElement().sendKeys(
                Integer.toString(Integer.parseInt(terms[0]) + Integer.parseInt(terms[1])), Keys.ENTER);

        waitUpTo(15).until(ExpectedConditions.textMatches(By.id("result"), java.util.regex.Pattern.compile("Confirmed!.*")));
        Browser.screenshot(driver, "confirmed");
        assertEquals("assertive", driver.findElement(By.id("result")).getAttribute("aria-live"));
    }

    @Test
    void payment_shouldShowTheDeadlineAndPay_whenTheSaleHasAPaymentWindow() throws Exception {
        String saleId = sale(2, Instant.now().minusSeconds(1), UNGUARDED, ",\"paymentMinutes\":10");
        open(saleId, "paying-shopper");
        waitUpTo(5).until(ExpectedConditions.elementToBeClickable(By.id("buy"))).click();

        waitUpTo(15).until(ExpectedConditions.textMatches(By.id("result"),
                java.util.regex.Pattern.compile("Confirmed!.*Pay before.*")));
        WebElement pay = waitUpTo(5).until(ExpectedConditions.elementToBeClickable(By.id("pay")));
        assertTrue(text("pay-deadline").matches("Pay within (09:[0-5]\\d|10:00) \\(by .+\\)"), text("pay-deadline"));
        Browser.screenshot(driver, "pay");

        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("pay-method"))).selectByValue("test-decline");
        pay.click();
        waitUpTo(10).until(ExpectedConditions.textMatches(By.id("result"),
                java.util.regex.Pattern.compile("Your payment was declined.*")));
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("pay-method"))).selectByValue("test-approve");
        waitUpTo(5).until(ExpectedConditions.elementToBeClickable(By.id("pay"))).click();

        waitUpTo(10).until(ExpectedConditions.textMatches(By.id("result"), java.util.regex.Pattern.compile("Paid!.*")));
        assertFalse(driver.findElement(By.id("pay-form")).isDisplayed());
        String orderId = text("result").replaceAll(".*order number is ([0-9a-f-]+)\\..*", "$1");
        assertEquals("PAID", api.signedInAs("paying-shopper").get("/api/orders/" + orderId).text("status"));
    }

    @Test
    void purchase_shouldDoTheProofOfWorkInTheBrowser_andBuyAsTheSignedInShopper() throws Exception {
        String saleId = sale(3, Instant.now().minusSeconds(1), "{\"challenge\":\"on\",\"challengeKind\":\"proof-of-work\","
                + "\"proofOfWorkBits\":10,\"perIpPerSecond\":0,\"perUserPerSecond\":0}");
        open(saleId, "worker-bee");
        WebElement buy = waitUpTo(5).until(ExpectedConditions.elementToBeClickable(By.id("buy")));
        waitUpTo(5).until(ExpectedConditions.textToBe(By.id("who"), "Signed in as worker-bee"));

        buy.click();

        String orderId = waitUpTo(20).until(ExpectedConditions.textMatches(By.id("result"),
                java.util.regex.Pattern.compile("Confirmed!.*"))) ? text("result").replaceAll(".* is (.*)\\.", "$1") : null;
        assertFalse(driver.findElement(By.id("challenge-form")).isDisplayed(), "no question: the browser did the work");
        ApiClient.Answer mine = api.signedInAs("worker-bee").get("/api/orders/" + orderId);
        assertEquals("worker-bee", mine.text("userId"), "bought as the signed-in shopper");
        assertEquals(403, api.signedInAs("someone-else").get("/api/orders/" + orderId).status(), "not readable by others");
    }

    /**
     * Issue 21, finding 9: the page carries the template's response headers policy (CSP, frame-ancestors 'none',
     * HSTS, nosniff, referrer policy), as CloudFront adds it, and still signs in, does the proof of work and buys
     * under that CSP with no violation reported by the browser.
     */
    @Test
    void page_shouldSignInAndBuy_underTheTemplatesContentSecurityPolicy_withNoViolation() throws Exception {
        // given: the page's own answer carries the security headers
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(system.baseUrl() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'")
                && csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"), "CSP: " + csp);
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertTrue(page.headers().firstValue("Strict-Transport-Security").orElse("").startsWith("max-age="));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("strict-origin-when-cross-origin", page.headers().firstValue("Referrer-Policy").orElse(""));
        // every violation the page would cause, from before its first script runs
        ((ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.violations = []; document.addEventListener('securitypolicyviolation',"
                        + " e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));"));
        String saleId = sale(3, Instant.now().minusSeconds(1), "{\"challenge\":\"on\",\"challengeKind\":\"proof-of-work\","
                + "\"proofOfWorkBits\":8,\"perIpPerSecond\":0,\"perUserPerSecond\":0}");

        // when
        open(saleId, "under-csp");
        WebElement buy = waitUpTo(5).until(ExpectedConditions.elementToBeClickable(By.id("buy")));
        waitUpTo(5).until(ExpectedConditions.textToBe(By.id("who"), "Signed in as under-csp"));
        buy.click();
        waitUpTo(20).until(ExpectedConditions.textMatches(By.id("result"), java.util.regex.Pattern.compile("Confirmed!.*")));

        // then: the listener ran (it is there), and nothing was refused
        assertEquals(List.of(), ((JavascriptExecutor) driver).executeScript("return window.violations;"));
        // ... and a violation would have been seen: an inline script is refused under this CSP
        ((JavascriptExecutor) driver).executeScript("const s = document.createElement('script');"
                + " s.textContent = 'window.inlineRan = true'; document.body.appendChild(s);");
        waitUpTo(5).until(d -> !((List<?>) ((JavascriptExecutor) d).executeScript("return window.violations;")).isEmpty());
        assertEquals(null, ((JavascriptExecutor) driver).executeScript("return window.inlineRan;"));
    }

    /**
     * Issue 21, finding 9: the OAuth state is a random nonce this tab sent, checked on return, not the sale id
     * (which anyone knows): a code that another page sends here with a guessed state is never exchanged. The page
     * runs as deployed (Cognito mode); the hosted UI's token endpoint is a stand-in that counts its calls.
     */
    @Test
    void cognitoReturn_shouldExchangeNoCode_unlessTheStateIsTheNonceThisTabSent() throws Exception {
        // given
        String saleId = sale(3, Instant.now().minusSeconds(1), UNGUARDED);
        ((ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.tokenCalls = 0; const real = window.fetch; const json = (b) => Promise.resolve(new Response("
                        + "JSON.stringify(b), {headers: {'Content-Type': 'application/json'}}));"
                        + "window.fetch = (url, options) => { const u = String(url);"
                        + " if (u.endsWith('/auth-config.json')) return json({mode: 'cognito', domain: location.origin"
                        + " + '/hosted-ui', clientId: 'page', redirectUri: location.origin + '/'});"
                        + " if (u.endsWith('/hosted-ui/oauth2/token')) { window.tokenCalls++; return json({id_token: 'e30.'"
                        + " + btoa(JSON.stringify({sub: 'cognito-shopper', email: 'shopper@example.com',"
                        + " exp: Math.floor(Date.now() / 1000) + 3600})).replace(/=+$/, '') + '.sig'}); }"
                        // the gateway's authorizer would refuse the stand-in's token: the shopper's own start too
                        + " if (/\\/api\\/sales\\/[^/]+\\/me$/.test(u)) return json({waitMillis: 0,"
                        + " buyableAt: new Date().toISOString(), serverTime: new Date().toISOString()});"
                        + " return real(url, options); };"));

        // when: a code comes back with the sale id as state, and no nonce of this tab
        driver.get(system.baseUrl() + "/?code=someone-elses-code&state=" + saleId);

        // then: refused, and the code was never sent to the token endpoint
        waitUpTo(5).until(ExpectedConditions.textToBe(By.id("result"),
                "That sign-in could not be checked. Please sign in again."));
        assertEquals(0L, ((JavascriptExecutor) driver).executeScript("return window.tokenCalls;"));
        assertFalse(driver.findElement(By.id("who")).isDisplayed());

        // when: this tab's own nonce comes back with its code
        ((JavascriptExecutor) driver).executeScript("sessionStorage.setItem('flashsale.oauth',"
                + " JSON.stringify({state: 'nonce-of-this-tab', sale: arguments[0]}));", saleId);
        driver.get(system.baseUrl() + "/?code=my-code&state=nonce-of-this-tab");

        // then: exchanged once, signed in, back on the sale it left from
        waitUpTo(5).until(ExpectedConditions.textToBe(By.id("who"), "Signed in as shopper@example.com"));
        assertEquals(1L, ((JavascriptExecutor) driver).executeScript("return window.tokenCalls;"));
        assertTrue(driver.getCurrentUrl().endsWith("/?sale=" + saleId), driver.getCurrentUrl());
    }

    @Test
    void doubleClick_shouldSendOnePurchase() throws Exception {
        String saleId = sale(5, Instant.now().minusSeconds(1), UNGUARDED);
        open(saleId, "double-clicker");
        WebElement buy = waitUpTo(5).until(ExpectedConditions.elementToBeClickable(By.id("buy")));
        ((JavascriptExecutor) driver).executeScript(
                "window.purchases = 0; const original = window.fetch;"
                        + "window.fetch = (...args) => { if (String(args[0]).includes('/purchases')) window.purchases++;"
                        + " return original(...args); };");

        new Actions(driver).doubleClick(buy).perform();
        buy.click();

        waitUpTo(15).until(ExpectedConditions.textMatches(By.id("result"), java.util.regex.Pattern.compile("Confirmed!.*")));
        assertEquals(1L, ((JavascriptExecutor) driver).executeScript("return window.purchases;"));
        assertFalse(buy.isEnabled());
    }

    @Test
    void soldOut_shouldBeShownAsSuch() throws Exception {
        String empty = sale(0, Instant.now().minusSeconds(1), UNGUARDED);
        open(empty, "too-late");
        waitUpTo(5).until(ExpectedConditions.textToBe(By.id("status"), "Sold out"));
        assertFalse(driver.findElement(By.id("buy")).isEnabled());
        Browser.screenshot(driver, "sold-out");

        // the page still believes one unit is left when someone else takes it
        String last = sale(1, Instant.now().minusSeconds(1), UNGUARDED);
        open(last, "second-best");
        WebElement buy = waitUpTo(5).until(ExpectedConditions.elementToBeClickable(By.id("buy")));
        assertEquals(202, api.signedInAs("faster").post("/api/sales/" + last + "/purchases", "{\"quantity\":1}").status());
        buy.click();
        waitUpTo(5).until(ExpectedConditions.textToBe(By.id("result"), "Sorry — it sold out."));
    }

    @Test
    void tooManyRequests_shouldTellWhenToTryAgain() throws Exception {
        String saleId = sale(5, Instant.now().minusSeconds(1),
                "{\"challenge\":\"off\",\"perIpPerSecond\":1,\"perUserPerSecond\":0}");
        open(saleId, "impatient");
        WebElement buy = waitUpTo(5).until(ExpectedConditions.elementToBeClickable(By.id("buy")));
        // the same address (this machine) spends the per-address bucket before the click; the stack's clock is held
        // still meanwhile, so the bucket cannot refill however slow the machine is
        ApiClient neighbour = api.signedInAs("neighbour");
        try (AutoCloseable held = system.clock().hold()) {
            for (int i = 0; i < 3; i++) {
                neighbour.send("POST", "/api/sales/" + saleId + "/purchases", "{\"quantity\":1}").join();
            }
            buy.click();

            waitUpTo(5).until(ExpectedConditions.textMatches(By.id("result"),
                    java.util.regex.Pattern.compile("Too many requests — try again in \\d+ s\\.")));
        }
        Browser.screenshot(driver, "rate-limited");
        assertTrue(buy.isEnabled(), "a refused click can be tried again");
    }

    @Test
    void page_shouldStayUnderItsTransferBudget_withNoOutsideRequests() throws Exception {
        String saleId = sale(5, Instant.now().minusSeconds(1), UNGUARDED);
        open(saleId, "measured");
        waitUpTo(5).until(ExpectedConditions.textToBe(By.id("status"), "On sale now"));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript(
                "return performance.getEntries().filter(e => e.entryType === 'navigation' || e.entryType === 'resource')"
                        + ".map(e => ({name: e.name, transfer: e.transferSize, decoded: e.decodedBodySize}));");
        long transferred = 0;
        long decoded = 0;
        for (Map<String, Object> entry : entries) {
            assertTrue(entry.get("name").toString().startsWith(system.baseUrl().toString()), "external: " + entry);
            transferred += ((Number) entry.get("transfer")).longValue();
            if (!entry.get("name").toString().contains("/api/")) {
                decoded += ((Number) entry.get("decoded")).longValue();
            }
        }
        assertTrue(decoded > 0 && decoded < PAGE_BUDGET_BYTES, "page bytes (uncompressed): " + decoded);
        assertTrue(transferred < decoded, "compressed on the wire: " + transferred + " < " + decoded);
    }
}
