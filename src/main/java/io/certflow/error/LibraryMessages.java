package io.certflow.error;

import java.util.regex.Pattern;

/**
 * What a library (the JDK, BouncyCastle) said about data it could not read, fit for an answer to
 * the person who sent the data: its first line, bounded, and only when it holds no Java class or
 * package name, which would tell an attacker what runs here and tells a user nothing.
 */
public final class LibraryMessages {

    static final int MAX_LENGTH = 160;
    private static final Pattern JAVA_NAMES = Pattern.compile(
            "\\b(?:java|javax|jdk|sun|org|com|io|net)\\.[a-z]|Exception|\\$|\\bat [\\w.]+\\(|\\bCannot invoke\\b|\\bnull\\b");
    private static final String WITHOUT_WORDS = "its structure is not what it should be";

    private LibraryMessages() {
    }

    public static String of(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank() || e instanceof NullPointerException || e instanceof ClassCastException) {
            return WITHOUT_WORDS;
        }
        String line = message.lines().findFirst().orElse("").strip();
        if (line.isEmpty() || JAVA_NAMES.matcher(line).find()) {
            return WITHOUT_WORDS;
        }
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
    }
}
