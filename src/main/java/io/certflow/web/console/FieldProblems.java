package io.certflow.web.console;

import java.util.Set;

/** Which form field a problem in words is about: the services start each with the field's name ("domains: ..."). */
final class FieldProblems {

    static final String GENERAL = "general";
    private static final Set<String> FIELDS = Set.of("tenant", "domains", "issuer", "enabled", "windowDays", "defaultTemplate", "autoProvision");

    private FieldProblems() {
    }

    static String fieldOf(String problem) {
        int colon = problem.indexOf(':');
        String head = colon < 0 ? "" : problem.substring(0, colon).trim();
        int bracket = head.indexOf('[');
        String field = bracket < 0 ? head : head.substring(0, bracket);
        return FIELDS.contains(field) ? field : GENERAL;
    }
}
