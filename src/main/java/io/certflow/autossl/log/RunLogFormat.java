package io.certflow.autossl.log;

import java.util.Locale;

import io.certflow.error.InvalidRequestException;

/** The two forms of a run's log, and the file each is kept in. */
public enum RunLogFormat {

    TEXT("log", "text/plain;charset=UTF-8"),
    JSON("json", "application/json");

    private final String extension;
    private final String mediaType;

    RunLogFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** {@code text} or {@code json}, as the API's {@code format} parameter takes them; absent is text. */
    public static RunLogFormat parse(String format) {
        if (format == null) {
            return TEXT;
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new InvalidRequestException("format: 'text' or 'json'");
        };
    }
}
