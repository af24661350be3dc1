package io.indexedcp.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's {@code chromium} driven through Debian's {@code chromedriver}, headless, with a fresh
 * profile each time (so IndexedDB starts empty). Both binaries are named explicitly so that
 * Selenium Manager never tries to download a browser or a driver.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final String CHROMIUM = System.getProperty("indexedcp.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("indexedcp.chromedriver", "/usr/bin/chromedriver");

    private final Path profile;
    private final ChromeDriver driver;

    HeadlessChromium(Path workDir) throws IOException {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException("browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install -y chromium chromium-driver");
        }
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER);
        Files.createDirectories(workDir);
        profile = Files.createTempDirectory(workDir, "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=900,1100",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The page's viewport exactly this size (CSS pixels), whatever the window around it. */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** A script that runs in every document before the page's own (Page.addScriptToEvaluateOnNewDocument). */
    void beforeEveryDocument(String script) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", script));
    }

    /** Keeps a PNG of the viewport under {@code target/screenshots/}. */
    Path screenshot(String name) throws IOException {
        Path dir = Path.of(System.getProperty("indexedcp.screenshotDir", "target/screenshots"));
        Files.createDirectories(dir);
        Path target = dir.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** What the page wrote to the console (errors, CSP violations) since the last call. */
    List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
