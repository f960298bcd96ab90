package dev.flashsale.local.simulate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.flashsale.local.JsonText.quote;

/** The JSON bodies simulated shoppers and bots send: a purchase, with the answer to its challenge. */
final class PurchaseBodies {

    private static final Pattern SUM = Pattern.compile("What is (\\d+) \\+ (\\d+)\\?");

    private PurchaseBodies() {
    }

    /**
     * A purchase of one unit; {@code userId}, {@code challenge} (a {@link #challenge} object) and {@code requestId}
     * are left out when null.
     */
    static String purchase(String userId, String challenge, String requestId) {
        return "{" + (userId == null ? "" : "\"userId\":" + quote(userId) + ",") + "\"quantity\":1"
                + (challenge == null ? "" : ",\"challenge\":" + challenge)
                + (requestId == null ? "" : ",\"requestId\":" + quote(requestId)) + "}";
    }

    /** The challenge part of a purchase: the issued challenge's id and token with {@code answer}. */
    static String challenge(LoopbackClient.Reply issued, String answer) {
        return "{\"challengeId\":" + quote(issued.text("challengeId")) + ",\"answer\":" + quote(answer)
                + ",\"token\":" + quote(issued.text("token")) + "}";
    }

    /** The challenge part with the right answer. */
    static String solved(LoopbackClient.Reply issued) {
        return challenge(issued, solve(issued.text("question")));
    }

    /** The answer to "What is A + B?"; "?" for any other question. */
    static String solve(String question) {
        Matcher sum = SUM.matcher(question == null ? "" : question);
        return sum.matches() ? Integer.toString(Integer.parseInt(sum.group(1)) + Integer.parseInt(sum.group(2))) : "?";
    }
}
