package io.certflow.web.console;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which form field each problem in words is about: the services start each with the field's name
 * ("domains: ...", "hosts[0]: ..."). A problem that names none of the form's fields goes above the form.
 */
final class FieldProblems {

    static final String GENERAL = "general";

    private FieldProblems() {
    }

    /** The problems grouped by the form field they name, out of {@code fields}; the rest under {@link #GENERAL}. */
    static Map<String, List<String>> byField(List<String> problems, Set<String> fields) {
        return problems.stream().collect(Collectors.groupingBy(problem -> fieldOf(problem, fields)));
    }

    static String fieldOf(String problem, Set<String> fields) {
        int colon = problem.indexOf(':');
        String head = colon < 0 ? "" : problem.substring(0, colon).trim();
        int bracket = head.indexOf('[');
        int dot = head.indexOf('.');
        int end = bracket < 0 ? dot : dot < 0 ? bracket : Math.min(bracket, dot);
        String field = end < 0 ? head : head.substring(0, end);
        return fields.contains(field) ? field : GENERAL;
    }
}
