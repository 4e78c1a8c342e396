package io.certflow.renewal;

import java.util.Arrays;
import java.util.List;

/** Where one renewal of a certificate is. */
public enum RenewalState {
    /** Transient: the successor is being issued. */
    ISSUING,
    /** Transient: the successor is being deployed to the targets of its predecessor. */
    DEPLOYING,
    /** Final: the successor took its predecessor's place, which is SUPERSEDED. */
    RENEWED,
    /** Final: the predecessor stays as it was; the next run tries again while it is inside its window. */
    FAILED;

    private static final List<String> FINAL_NAMES = Arrays.stream(values()).filter(RenewalState::isFinal).map(Enum::name).toList();

    public boolean isFinal() {
        return this == RENEWED || this == FAILED;
    }

    static List<String> finalNames() {
        return FINAL_NAMES;
    }
}
