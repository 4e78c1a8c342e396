package io.certflow.it.support;

import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpClient;
import java.net.URI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, against the test's Certflow. Both
 * binaries are named explicitly, so Selenium Manager finds nothing to download. One browser per user:
 * each has its own session cookie. {@link #screenshot} keeps what the page looked like under
 * target/console-screenshots/ for a person to look at.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("certflow.test.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("certflow.test.chromedriver", "/usr/bin/chromedriver"));
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    /**
     * Selenium warns at every browser's start that it has no DevTools binding for Debian's Chromium: the
     * tests use WebDriver only, so the warning is noise in the build's log. Held here so it is not collected.
     */
    private static final java.util.logging.Logger SELENIUM_LOG = quiet(java.util.logging.Logger.getLogger("org.openqa.selenium"));

    private final String baseUrl;
    private final ChromeDriver driver;

    private static java.util.logging.Logger quiet(java.util.logging.Logger logger) {
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    public Browser(String baseUrl) {
        this.baseUrl = baseUrl;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: the tests may run as root (a container), where Chromium refuses its sandbox.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    /** Opens the login form, logs in, and waits for the page the login leads to. */
    public Browser logIn(String user, String password) {
        open("/login");
        find("#username").sendKeys(user);
        find("#password").sendKeys(password);
        clickAndWait("#login");
        if (path().startsWith("/login")) {
            throw new IllegalStateException("the console refused the login of " + user + ": " + pageText());
        }
        return this;
    }

    public Browser open(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /** Clicks what leads to another page (a link, a form's button) and waits until that page has replaced this one. */
    public Browser clickAndWait(String css) {
        WebElement page = find("html");
        find(css).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ignored -> gone(page));
        return this;
    }

    /**
     * Whether the page an element belonged to has been replaced. Chromium answers for an element of a
     * page it has just left either "stale element" or, while it swaps documents, "node does not belong
     * to the document"; both mean the new page is there.
     */
    private static boolean gone(WebElement page) {
        try {
            page.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /**
     * A request with this browser's session cookie but not through its pages, as a forged page on another
     * site, or a user editing the form, would send it; {@code form} (urlencoded) may be null.
     */
    public HttpResponse<String> send(String method, String path, String form) throws IOException, InterruptedException {
        String session = driver.manage().getCookieNamed("JSESSIONID").getValue();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Cookie", "JSESSIONID=" + session);
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(form));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String path() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    public String title() {
        return driver.getTitle();
    }

    public String pageText() {
        return find("body").getText();
    }

    /** Runs a script in the page, e.g. to post a form the way a forged page would. */
    public Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Waits (at most 60 s) until the page, reloaded each time, satisfies {@code condition}. */
    public void reloadUntil(java.util.function.Predicate<Browser> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(500)).until(d -> {
            d.navigate().refresh();
            return condition.test(this);
        });
    }

    /** Saves the page as target/console-screenshots/{name}.png. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot save the screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
