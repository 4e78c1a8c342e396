package io.certflow.it.support;

import java.util.ArrayList;
import java.util.List;

/** The browsers one test opened: each logged in as its user, and each leaving a screenshot when the test ends. */
public final class Browsers {

    private final List<Browser> open = new ArrayList<>();

    public Browser logIn(String baseUrl, String user, String password) {
        Browser browser = new Browser(baseUrl).logIn(user, password);
        open.add(browser);
        return browser;
    }

    /** Saves a screenshot of each (named {@code name}-0, -1, ...) under target/console-screenshots/ and closes it. */
    public void screenshotAndCloseAll(String name) {
        for (int i = 0; i < open.size(); i++) {
            open.get(i).screenshot(name + "-" + i);
            open.get(i).close();
        }
        open.clear();
    }
}
