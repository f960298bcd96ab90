package dev.flashsale.core.challenge;

import java.util.random.RandomGenerator;

/** A short sum a person answers in a few seconds: {@code What is 7 + 5?}. */
public record Question(String text, String answer) {

    public static Question random(RandomGenerator random) {
        int a = 2 + random.nextInt(18);
        int b = 2 + random.nextInt(18);
        return new Question("What is " + a + " + " + b + "?", Integer.toString(a + b));
    }
}
