package io.certflow.web.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the upload checks' problems at the upload form's fields. The form's parts (certificate, chain,
 * private key) are checked as one PEM bundle, in that order, so a problem that names a line belongs
 * to the part holding that line (and is told with the line's number within that part); the others
 * name what they are about in words: the private key or its passphrase, the chain, the leaf.
 */
final class UploadProblems {

    private static final Pattern LINE = Pattern.compile("\\bline (\\d+)\\b");

    /** One part of the bundle: its form field and the bundle's lines it takes, first to last (1-based). */
    record Part(String field, int firstLine, int lastLine) {
    }

    private final List<Part> parts = new ArrayList<>();
    private final StringBuilder bundle = new StringBuilder();
    private int lines;

    /** Adds a form field's text to the bundle; an empty part takes no lines. */
    UploadProblems add(String field, String text) {
        if (text == null || text.isBlank()) {
            return this;
        }
        String part = text.endsWith("\n") ? text : text + "\n";
        int count = (int) part.chars().filter(c -> c == '\n').count();
        parts.add(new Part(field, lines + 1, lines + count));
        lines += count;
        bundle.append(part);
        return this;
    }

    String bundle() {
        return bundle.toString();
    }

    /** Each problem as "field: words", or as it was when it is about none of the fields. */
    List<String> atFields(List<String> problems) {
        return problems.stream().map(this::atField).toList();
    }

    String atField(String problem) {
        Matcher line = LINE.matcher(problem);
        if (line.find()) {
            int number = Integer.parseInt(line.group(1));
            for (Part part : parts) {
                if (number >= part.firstLine() && number <= part.lastLine()) {
                    return part.field() + ": " + line.replaceAll(match -> "line " + (Integer.parseInt(match.group(1)) - part.firstLine() + 1));
                }
            }
        }
        String words = problem.toLowerCase(Locale.ROOT);
        if (words.contains("passphrase")) {
            return "password: " + problem;
        }
        if (words.contains("private key")) {
            return "privateKey: " + problem;
        }
        if (words.contains("chain") || words.contains("ca certificate") || words.contains("trust store")) {
            return "chain: " + problem;
        }
        if (words.contains("leaf certificate") || words.contains("holds no certificate")) {
            return "certificate: " + problem;
        }
        return problem;
    }
}
