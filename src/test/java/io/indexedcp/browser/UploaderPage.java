package io.indexedcp.browser;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The uploader page as a person uses it: type the key, pick files, watch each file's line. */
final class UploaderPage {

    private final WebDriver driver;

    UploaderPage(WebDriver driver) {
        this.driver = driver;
    }

    UploaderPage open(URI baseUri) {
        driver.get(baseUri.toString());
        // The module has run once the key status says something.
        waitUpTo(Duration.ofSeconds(30)).until(d -> !d.findElement(By.id("key-status")).getText().isBlank());
        return this;
    }

    UploaderPage useKey(String key) {
        if (!keyEntryOpen()) {
            toggleKeyEntry(); // once a key is set, the entry is one line: open it
        }
        WebElement input = driver.findElement(By.id("api-key"));
        input.clear();
        input.sendKeys(key);
        driver.findElement(By.cssSelector("#key-form button[type=submit]")).click();
        return this;
    }

    /** The page's own speed limit, so that a test can act while an upload is under way. */
    UploaderPage limitSpeed(double mibPerSecond) {
        driver.findElement(By.cssSelector("details.settings summary")).click();
        WebElement rate = driver.findElement(By.id("rate-limit"));
        rate.clear();
        rate.sendKeys(Double.toString(mibPerSecond));
        driver.findElement(By.id("files-heading")).click(); // leaving the field fires "change"
        return this;
    }

    UploaderPage choose(Path file) {
        driver.findElement(By.id("file-input")).sendKeys(file.toAbsolutePath().toString());
        return this;
    }

    /** "Forget key", in the key entry (opened first when it is one line). */
    UploaderPage forgetKey() {
        if (!keyEntryOpen()) {
            toggleKeyEntry();
        }
        driver.findElement(By.id("forget-key")).click();
        return this;
    }

    /** Whether the key entry (the form) is open; once a key is set it is one line. */
    boolean keyEntryOpen() {
        return "true".equals(driver.findElement(By.id("key-panel")).getDomProperty("open"));
    }

    /** Clicks the key line, which opens (or closes) the key entry. */
    void toggleKeyEntry() {
        driver.findElement(By.cssSelector("#key-panel > summary")).click();
    }

    /** The file's "Cancel" (while it runs) or "Remove" (once it is done or failed) button. */
    void cancel(String name) {
        upload(name).findElement(By.className("remove")).click();
    }

    /** The row of the "On the server" list for that name. */
    By serverRow(String filename) {
        return By.cssSelector("#server-list tr[data-filename='" + filename + "']");
    }

    boolean serverListShown() {
        return driver.findElement(By.id("server-uploads")).isDisplayed();
    }

    /** The element's rectangle in the viewport, with the viewport's size and the page's scroll. */
    @SuppressWarnings("unchecked")
    Map<String, Number> rectangle(WebElement element) {
        return (Map<String, Number>) ((JavascriptExecutor) driver).executeScript(
                "const r = arguments[0].getBoundingClientRect();"
                + "return { top: r.top, left: r.left, bottom: r.bottom, right: r.right,"
                + " viewportWidth: window.innerWidth, viewportHeight: window.innerHeight, scrollY: window.scrollY };",
                element);
    }

    By uploadOf(String name) {
        return By.cssSelector("li.upload[data-name='" + name + "']");
    }

    WebElement upload(String name) {
        return driver.findElement(uploadOf(name));
    }

    int counter(String name, String attribute) {
        return Integer.parseInt(upload(name).getDomAttribute(attribute));
    }

    /** Brings the file's line into view, as for a screenshot. */
    void show(String name) {
        ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("arguments[0].scrollIntoView({block: 'center'})", upload(name));
    }

    String state(String name) {
        return upload(name).getDomAttribute("data-state");
    }

    String stateText(String name) {
        return upload(name).findElement(By.className("upload-state")).getText();
    }

    /** The id the server knows the file's upload by ({@code X-Upload-Id}), as the page shows it. */
    String uploadId(String name) {
        return upload(name).getDomAttribute("data-upload-id");
    }

    /** "Clear finished": the lines of done and failed uploads go. */
    void clearFinished() {
        driver.findElement(By.id("clear-finished")).click();
        waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector(
                "li.upload[data-state='done'], li.upload[data-state='failed']")).isEmpty());
    }

    int apiRequests() {
        return Integer.parseInt(driver.findElement(By.id("app")).getDomAttribute("data-api-requests"));
    }

    String keyStatus() {
        return driver.findElement(By.id("key-status")).getText();
    }

    /** Whom the server named for the key (GET /me), as the key line holds it; empty while nobody is. */
    String principal() {
        return driver.findElement(By.id("key-status")).getDomAttribute("data-principal");
    }

    /** The role the server gave the key, as the key line holds it; empty while nobody is signed in. */
    String role() {
        return driver.findElement(By.id("key-status")).getDomAttribute("data-role");
    }

    /** Waits until the key line says who is signed in. */
    void awaitSignedIn(String principal, String role, Duration timeout) {
        waitUpTo(timeout).until(d -> principal.equals(principal()) && role.equals(role())
                && keyStatus().startsWith("Signed in as " + principal + " (" + role + ")"));
    }

    void awaitAckedChunks(String name, int atLeast, Duration timeout) {
        waitUpTo(timeout).until(d -> !d.findElements(uploadOf(name)).isEmpty()
                && counter(name, "data-acked-chunks") >= atLeast);
    }

    void awaitState(String name, String state, Duration timeout) {
        waitUpTo(timeout).until(d -> {
            if (d.findElements(uploadOf(name)).isEmpty()) {
                return false;
            }
            String now = state(name);
            if ("failed".equals(now) && !"failed".equals(state)) {
                throw new AssertionError(name + " failed: " + stateText(name));
            }
            return state.equals(now);
        });
    }

    WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }
}
