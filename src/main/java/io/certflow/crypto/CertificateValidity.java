package io.certflow.crypto;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import io.certflow.error.InvalidRequestException;

/**
 * How long a certificate Certflow makes is valid: between one day and ten years, whichever way
 * the request says it (a number of days, or an ISO-8601 duration such as P365D or PT48H).
 */
public final class CertificateValidity {

    public static final Duration MIN = Duration.ofDays(1);
    public static final Duration MAX = Duration.ofDays(3650);
    private static final int MAX_TEXT_LENGTH = 32;

    private CertificateValidity() {
    }

    /**
     * The validity a request asks for; {@code whenAbsent} when it asks for none. Throws
     * {@link InvalidRequestException} starting with {@code field} when the text is no duration or
     * the duration is outside {@link #MIN} to {@link #MAX}.
     */
    public static Duration parse(String field, String text, Duration whenAbsent) {
        if (text == null) {
            return whenAbsent;
        }
        String rule = "a number of days or an ISO-8601 duration such as P365D, between 1 and " + MAX.toDays() + " days";
        Duration validity;
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidRequestException(field + ": " + DomainNames.quote(text) + " is not " + rule);
        } else if (text.matches("[0-9]{1,9}")) {
            validity = Duration.ofDays(Long.parseLong(text));
        } else {
            try {
                validity = Duration.parse(text);
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new InvalidRequestException(field + ": " + DomainNames.quote(text) + " is not " + rule);
            }
        }
        String problem = problemWith(validity);
        if (problem != null) {
            throw new InvalidRequestException(field + ": " + DomainNames.quote(text) + " is " + problem + "; give " + rule);
        }
        return validity;
    }

    /** Why the duration is outside the limits ("shorter than one day"), or null. */
    public static String problemWith(Duration validity) {
        if (validity.compareTo(MIN) < 0) {
            return "shorter than one day";
        }
        if (validity.compareTo(MAX) > 0) {
            return "longer than " + MAX.toDays() + " days";
        }
        return null;
    }
}
