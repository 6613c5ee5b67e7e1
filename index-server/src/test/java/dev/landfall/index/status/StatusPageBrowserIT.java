package dev.landfall.index.status;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.FILESYSTEM_STORAGE;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.common.storage.BlobStore;
import dev.landfall.index.IndexServerApplication;
import dev.landfall.index.fixture.MirrorFixture;
import dev.landfall.testsupport.MirrorInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The status page as an operator sees it: headless Chromium loads {@code /} from a serving index server,
 * the lag chart draws its samples on a time and a serial axis, the commands name this mirror, and the
 * browser console stays clean (docs/architecture.md#status-page-and-actuator).
 */
@SpringBootTest(classes = IndexServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"landfall.index.publish-interval=50ms", "landfall.index.snapshot-poll-interval=50ms"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StatusPageBrowserIT {

    @RegisterExtension
    static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES, FILESYSTEM_STORAGE);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        infra.register(r);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    BlobStore blobs;
    @Autowired
    StatusSampler sampler;

    @Test
    void theLagChartDrawsSamplesOnTimeAndSerialAxesWithoutConsoleErrors(@TempDir Path profile) throws Exception {
        MirrorFixture mirror = new MirrorFixture(jdbc, blobs);
        mirror.initialEntry("demo-pkg", 10, 20);
        mirror.initialEntry("other", 15, 20);
        mirror.landPage("demo-pkg", 10);
        mirror.landPage("other", 15);
        mirror.entry("demo-pkg", 30, "new release");
        // Last, as the poller commits its initial sync in one transaction (see IndexHttpIT).
        mirror.pollerState(30, 20, 30, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> mirror.latestSnapshot() >= 20);
        // The sampler runs every 10 s; two samples make a line, not only a dot.
        await().atMost(Duration.ofSeconds(40)).until(() -> sampler.history().stream().filter(s -> s.snapshot() >= 20).count() >= 2);

        ChromeDriver browser = HeadlessChromium.start(profile);
        try {
            browser.get("http://127.0.0.1:" + port + "/");
            assertThat(browser.getTitle()).contains("Landfall");

            WebElement chart = browser.findElement(By.id("lag-chart"));
            List<WebElement> points = chart.findElements(By.cssSelector("circle.lag-point"));
            assertThat(points).as("one drawn point per sample").hasSizeGreaterThanOrEqualTo(2);
            Number drawnWidth = (Number) browser.executeScript("return document.getElementById('lag-line').getBBox().width;");
            assertThat(drawnWidth.doubleValue()).as("the lag line spans time").isGreaterThan(0);
            assertThat(chart.findElements(By.cssSelector("text.x-tick"))).allSatisfy(t -> assertThat(t.getText()).matches("\\d\\d:\\d\\d(:\\d\\d)?"));
            assertThat(chart.findElements(By.cssSelector("text.y-tick"))).extracting(WebElement::getText).contains("0");
            assertThat(chart.getText()).contains("time (UTC)").contains("serials behind upstream");

            String page = browser.findElement(By.tagName("body")).getText();
            assertThat(browser.findElement(By.id("pip-command")).getText())
                    .contains("pip install --index-url http://127.0.0.1:" + port + "/simple/")
                    .contains("uv pip install --index-url http://127.0.0.1:" + port + "/simple/");
            long w = mirror.latestSnapshot();
            assertThat(browser.findElement(By.id("pinned-command")).getText()).contains("/snapshots/");
            assertThat(browser.findElements(By.cssSelector("#snapshots a"))).extracting(a -> a.getAttribute("href"))
                    .contains("http://127.0.0.1:" + port + "/snapshots/" + w + "/simple/");
            assertThat(page).contains("Behind upstream").contains("Pages landed, last 10 minutes").contains("Size of those files")
                    .contains("/admin/dead-letters")
                    .doesNotContain("null").doesNotContain("snapshotAgeSeconds").doesNotContain("lastComputationMillis")
                    .doesNotContain("{satisfied=");

            List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
            assertThat(console).as("browser console").noneMatch(e -> e.getLevel().intValue() >= Level.WARNING.intValue());
        } finally {
            browser.quit();
        }
    }
}
