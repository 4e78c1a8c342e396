package io.certflow.certificate;

/** A failure reason or a decision as stored: it fits its column whatever a CA or a person wrote. */
final class FailureText {

    static final int MAX = 4000;

    private FailureText() {
    }

    static String bounded(String text) {
        return text == null || text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
    }
}
