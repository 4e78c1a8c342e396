package io.certflow.jdbc;

import java.util.Locale;

/** A user's search text as a LIKE pattern that matches it anywhere, its own %, _ and \ taken literally. */
public final class Like {

    /** Follows each LIKE whose pattern comes from {@link #containing}: PostgreSQL and H2 alike know no default escape. */
    public static final String ESCAPE = " escape '\\'";

    private Like() {
    }

    public static String containing(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** The same, for a column compared in lower case. */
    public static String containingLowerCase(String text) {
        return containing(text.toLowerCase(Locale.ROOT));
    }
}
