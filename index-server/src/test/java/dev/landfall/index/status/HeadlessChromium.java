package dev.landfall.index.status;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The machine's Chromium and chromedriver (Debian packages {@code chromium} and {@code chromium-driver}),
 * driven by Selenium without Selenium Manager (which would download a browser). Absent browser: the test
 * fails with the command that installs it (README "Prerequisites"; {@code .ci/run} runs it).
 */
final class HeadlessChromium {

    static final String INSTALL = "apt-get update && apt-get install -y chromium chromium-driver";
    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private HeadlessChromium() {
    }

    /** A fresh headless browser with its own profile directory, collecting the console log. */
    static ChromeDriver start(Path profile) {
        String browser = find(BROWSERS).orElseThrow(() -> new AssertionError(
                "Chromium is not installed (looked for " + BROWSERS + "); the status page is checked in a real browser. Install it: " + INSTALL));
        String driver = find(DRIVERS).orElseThrow(() -> new AssertionError(
                "chromedriver is not installed (looked for " + DRIVERS + "). Install it: " + INSTALL));
        ChromeOptions options = new ChromeOptions().setBinary(browser).addArguments("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setExperimentalOption("prefs", Map.of());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Optional<String> find(List<String> candidates) {
        return candidates.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }
}
