package io.certflow.it.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;

/**
 * A console test in a real browser: {@link #browser} logs a user in (every user of the test has the
 * same password), and each browser a test opened leaves a screenshot named after the test under
 * target/console-screenshots/ and is closed when the test ends.
 */
public abstract class ConsoleBrowserIT extends CertflowIT {

    private final String password;
    private final Browsers browsers = new Browsers();

    protected ConsoleBrowserIT(String password) {
        this.password = password;
    }

    protected Browser browser(String user) {
        return browsers.logIn(baseUrl(), user, password);
    }

    @AfterEach
    void screenshotsAndClose(TestInfo test) {
        browsers.screenshotAndCloseAll(getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName());
    }
}
