package dev.landfall.testsupport.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.simulator.Faults;
import dev.landfall.simulator.OracleState.OracleFile;
import dev.landfall.simulator.OracleState.OracleProject;
import dev.landfall.simulator.PypiSimulator;
import dev.landfall.simulator.SimulatorConfig;
import dev.landfall.testsupport.Simulator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * Negative controls of the consistency checker (the promise it guards, README "The consistency guarantee":
 * every view equals upstream at one serial W): a crafted mirror that serves the simulator's state at W
 * exactly yields no violation, and each way of getting one page, link or byte wrong is reported.
 */
class ConsistencyCheckerTest {

    @RegisterExtension static final Simulator sim = new Simulator(SimulatorConfig.builder().seed(3).projects(10).port(0)
            .churnPerSecond(0).faults(Faults.none()).largeFiles(0).build());

    private static CraftedMirror mirror;
    /** A project upstream created after W: the mirror's snapshot W must not know it. */
    private static String future;

    @BeforeAll
    static void startMirror() throws Exception {
        PypiSimulator s = sim.get();
        long w = s.lastSerial();
        Set<String> atW = s.oracle(w).projects().keySet();
        for (int i = 0; i < 500 && future == null; i++) {
            s.advance(3);
            future = s.oracle(s.lastSerial()).projects().keySet().stream().filter(p -> !atW.contains(p)).findFirst().orElse(null);
        }
        assertThat(future).as("upstream creates a project after W").isNotNull();
        mirror = new CraftedMirror(s, w);
    }

    @AfterAll
    static void stopMirror() {
        mirror.close();
    }

    @BeforeEach
    void untampered() {
        mirror.reset();
    }

    private static ConsistencyChecker.Report crawl() throws Exception {
        return new ConsistencyChecker(mirror.baseUrl(), sim.baseUrl(), 4).crawl();
    }

    /** Crawls the tampered mirror and returns the violations, asserting that at least one contains {@code fragment}. */
    private static List<String> caught(String fragment) throws Exception {
        ConsistencyChecker.Report r = crawl();
        assertThat(r.snapshot()).isEqualTo(mirror.serial());
        assertThat(r.violations()).as("violations").anyMatch(v -> v.contains(fragment));
        return r.violations();
    }

    private static OracleFile file(Predicate<OracleFile> which) {
        return mirror.served().projects().values().stream().flatMap(p -> p.files().stream()).filter(which).findFirst()
                .orElseThrow(() -> new AssertionError("the simulated world has no such file"));
    }

    private static OracleFile wheel() {
        return file(f -> f.coreMetadataSha256() != null);
    }

    private static String projectOf(OracleFile f) {
        return mirror.served().projects().entrySet().stream().filter(e -> e.getValue().files().contains(f)).findFirst()
                .orElseThrow().getKey();
    }

    private static ObjectNode jsonFile(ObjectNode page, String filename) {
        for (var f : page.path("files")) {
            if (f.path("filename").asString().equals(filename)) {
                return (ObjectNode) f;
            }
        }
        throw new AssertionError(filename + " not on the page");
    }

    // ------------------------------------------------------------------ the positive control

    @Test
    void aMirrorServingUpstreamAtWExactlyHasNoViolationAndEveryFileIsDownloaded() throws Exception {
        ConsistencyChecker.Report r = crawl();
        assertThat(r.violations()).isEmpty();
        assertThat(r.snapshot()).isEqualTo(mirror.serial());
        assertThat(r.projects()).isEqualTo(mirror.served().projects().size());
        long files = mirror.served().projects().values().stream().mapToLong(p -> p.files().size()).sum();
        assertThat(r.files()).isEqualTo(files).isPositive();
        assertThat(r.filesDownloaded()).isEqualTo(r.files());
        assertThat(r.sample()).isEqualTo("all");
    }

    @Test
    void aRestrictedViewOfExactlyTheMirroredSetHasNoViolation() throws Exception {
        Set<String> mirrored = mirror.served().projects().keySet();
        ConsistencyChecker.Report r = new ConsistencyChecker(mirror.baseUrl(), sim.baseUrl(), 4).restrictedTo(mirrored).crawl();
        assertThat(r.violations()).isEmpty();
        assertThat(r.projects()).isEqualTo(mirrored.size());
    }

    @Test
    void aRestrictedViewCatchesARootListingAProjectOutsideTheMirroredSet() throws Exception {
        // Negative control of the restricted comparison: the mirror serves one project more than the set it mirrors.
        Set<String> fewer = new TreeSet<>(mirror.served().projects().keySet());
        String extra = fewer.iterator().next();
        fewer.remove(extra);
        ConsistencyChecker.Report r = new ConsistencyChecker(mirror.baseUrl(), sim.baseUrl(), 4).restrictedTo(fewer).crawl();
        assertThat(r.violations()).anyMatch(v -> v.contains("outside the mirrored set") && v.contains(extra));
    }

    @Test
    void aSampledCrawlDownloadsItsSizeAndNamesItsSeed() throws Exception {
        ConsistencyChecker checker = new ConsistencyChecker(mirror.baseUrl(), sim.baseUrl(), 4).withFileSample(3, 1234);
        ConsistencyChecker.Report first = checker.crawl();
        ConsistencyChecker.Report second = checker.crawl();
        assertThat(first.violations()).isEmpty();
        assertThat(first.filesDownloaded()).isEqualTo(3);
        assertThat(first.sample()).isEqualTo("sample of 3, seed 1234");
        assertThat(second.sample()).isEqualTo("sample of 3, seed 1235");
    }

    @Test
    void aCorruptFileInTheSampleIsCaughtAndItsViolationNamesTheSeed() throws Exception {
        // Every file corrupt: whichever the seed picks is caught.
        mirror.served().projects().values().forEach(p -> p.files().forEach(f -> mirror.bytes.put(f.url(), b -> {
            b[0] ^= 1;
            return b;
        })));
        ConsistencyChecker.Report r = new ConsistencyChecker(mirror.baseUrl(), sim.baseUrl(), 4).withFileSample(2, 77).crawl();
        assertThat(r.violations()).filteredOn(v -> v.contains("downloaded sha256")).hasSize(2)
                .allMatch(v -> v.contains("(sample seed 77)"));
    }

    // ------------------------------------------------------------------ page facts, per file

    @Test
    void aWrongYankReasonIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.state = s -> CraftedMirror.withFile(s, f.filename(), x -> new OracleFile(x.filename(), x.version(), x.url(),
                x.sha256(), x.size(), true, "tampered " + x.yankedReason(), x.requiresPython(), x.coreMetadataSha256(), x.uploadTime()));
        List<String> v = caught(f.filename() + ": yanked true/tampered");
        assertThat(v).anyMatch(x -> x.contains("JSON " + f.filename())).anyMatch(x -> x.contains("HTML " + f.filename()));
    }

    @Test
    void aWrongHashOnThePageIsCaught() throws Exception {
        OracleFile f = wheel();
        String wrong = f.sha256().replace(f.sha256().charAt(0), f.sha256().charAt(0) == 'a' ? 'b' : 'a');
        mirror.state = s -> CraftedMirror.withFile(s, f.filename(), x -> new OracleFile(x.filename(), x.version(), x.url(),
                wrong, x.size(), x.yanked(), x.yankedReason(), x.requiresPython(), x.coreMetadataSha256(), x.uploadTime()));
        caught(f.filename() + ": sha256 " + wrong + " != " + f.sha256());
    }

    @Test
    void aMissingRequiresPythonIsCaught() throws Exception {
        OracleFile f = file(x -> x.requiresPython() != null);
        mirror.state = s -> CraftedMirror.withFile(s, f.filename(), x -> new OracleFile(x.filename(), x.version(), x.url(),
                x.sha256(), x.size(), x.yanked(), x.yankedReason(), null, x.coreMetadataSha256(), x.uploadTime()));
        caught(f.filename() + ": requires-python null != " + f.requiresPython());
    }

    @Test
    void aStaleCoreMetadataHashIsCaught() throws Exception {
        OracleFile f = wheel();
        String stale = "0".repeat(64);
        mirror.state = s -> CraftedMirror.withFile(s, f.filename(), x -> new OracleFile(x.filename(), x.version(), x.url(),
                x.sha256(), x.size(), x.yanked(), x.yankedReason(), x.requiresPython(), stale, x.uploadTime()));
        caught(f.filename() + ": core-metadata " + stale + " != " + f.coreMetadataSha256());
    }

    @Test
    void aStaleDistInfoMetadataAttributeIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.htmlPage = (p, html) -> html.replace("data-dist-info-metadata=\"sha256=" + f.coreMetadataSha256(),
                "data-dist-info-metadata=\"sha256=" + "1".repeat(64));
        caught(f.filename() + ": data-dist-info-metadata " + "1".repeat(64));
    }

    @Test
    void aWrongSizeInJsonIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.jsonPage = (p, page) -> {
            if (p.equals(projectOf(f))) {
                jsonFile(page, f.filename()).put("size", f.size() + 1);
            }
        };
        caught("JSON " + f.filename() + ": size " + (f.size() + 1) + " != " + f.size());
    }

    @Test
    void aSizeJsonOmitsIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.jsonPage = (p, page) -> {
            if (p.equals(projectOf(f))) {
                jsonFile(page, f.filename()).remove("size");
            }
        };
        caught("JSON " + f.filename() + ": size missing, oracle size " + f.size());
    }

    @Test
    void aWrongUploadTimeIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.jsonPage = (p, page) -> {
            if (p.equals(projectOf(f))) {
                jsonFile(page, f.filename()).put("upload-time", "2001-01-01T00:00:00.000000Z");
            }
        };
        caught(f.filename() + ": upload-time 2001-01-01T00:00:00.000000Z != " + f.uploadTime());
    }

    @Test
    void aFileListedTwiceIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.jsonPage = (p, page) -> {
            if (p.equals(projectOf(f))) {
                ((ArrayNode) page.path("files")).add(jsonFile(page, f.filename()).deepCopy());
            }
        };
        caught("JSON duplicate filenames [" + f.filename() + "]");
    }

    @Test
    void aFileListedTwiceInHtmlIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.htmlPage = (p, html) -> html.replace("</body>", "<a href=\"" + f.url() + "#sha256=" + f.sha256() + "\">"
                + f.filename() + "</a>\n</body>");
        caught("HTML duplicate filenames [" + f.filename() + "]");
    }

    @Test
    void aFileMissingFromThePageIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.htmlPage = (p, html) -> html.replaceAll("<a [^>]*>" + java.util.regex.Pattern.quote(f.filename()) + "</a>", "");
        caught("HTML file set differs: extra [], missing [" + f.filename() + "]");
    }

    @Test
    void aLinkToUpstreamIsCaught() throws Exception {
        mirror.fileOrigin = sim.baseUrl();
        OracleFile f = wheel();
        caught(f.filename() + ": url " + sim.baseUrl() + f.url() + " does not point at the mirror");
    }

    // ------------------------------------------------------------------ page facts, per project

    @Test
    void aWrongLastSerialInTheJsonBodyIsCaught() throws Exception {
        String p = mirror.served().projects().keySet().iterator().next();
        long serial = mirror.served().projects().get(p).serial();
        mirror.jsonPage = (name, page) -> {
            if (name.equals(p)) {
                ((ObjectNode) page.path("meta")).put("_last-serial", serial - 1);
            }
        };
        caught(p + ": JSON meta._last-serial " + (serial - 1) + " != oracle serial " + serial);
    }

    @Test
    void aWrongNameInTheJsonBodyIsCaught() throws Exception {
        String p = mirror.served().projects().keySet().iterator().next();
        mirror.jsonPage = (name, page) -> page.put("name", name.toUpperCase(java.util.Locale.ROOT));
        caught(p + ": JSON name '" + p.toUpperCase(java.util.Locale.ROOT) + "' != normalized name '" + p + "'");
    }

    @Test
    void aWrongProjectStatusIsCaught() throws Exception {
        mirror.jsonPage = (name, page) -> ((ObjectNode) page.path("project-status")).put("status", "quarantined");
        caught("JSON project-status 'quarantined' != oracle status 'active'");
    }

    @Test
    void aWrongVersionListIsCaught() throws Exception {
        mirror.jsonPage = (name, page) -> ((ArrayNode) page.path("versions")).add("999.0");
        caught("JSON versions");
    }

    // ------------------------------------------------------------------ the root and the project set

    @Test
    void anExtraProjectIsCaught() throws Exception {
        OracleProject extra = sim.get().oracle(sim.get().lastSerial()).projects().get(future);
        mirror.state = s -> CraftedMirror.withProject(s, future, extra);
        caught("project set differs from the oracle: extra [" + future + "], missing []");
    }

    @Test
    void aMissingProjectIsCaught() throws Exception {
        String gone = mirror.served().projects().keySet().iterator().next();
        mirror.state = s -> CraftedMirror.withProject(s, gone, null);
        caught("project set differs from the oracle: extra [], missing [" + gone + "]");
    }

    @Test
    void aProjectNotInTheSnapshotThatAnswers200IsCaught() throws Exception {
        mirror.answeredAnyway.add(future);
        caught(future + ": not in the snapshot, should answer 404, JSON page answered 200");
    }

    @Test
    void aProjectThatNeverExistedAndAnswers200IsCaught() throws Exception {
        mirror.answeredAnyway.add(ConsistencyChecker.NEVER_EXISTS);
        caught(ConsistencyChecker.NEVER_EXISTS + ": not in the snapshot, should answer 404, HTML page answered 200");
    }

    @Test
    void aRootLinkThatIsNotTheNormalizedProjectUrlIsCaught() throws Exception {
        String p = mirror.served().projects().keySet().iterator().next();
        mirror.rootHtml = html -> html.replace("href=\"/simple/" + p + "/\"", "href=\"" + sim.baseUrl() + "/simple/" + p + "/\"");
        caught("root HTML link of " + p + " is '" + sim.baseUrl() + "/simple/" + p + "/'");
    }

    @Test
    void aRootLinkToAnUnnormalizedNameIsCaught() throws Exception {
        String p = mirror.served().projects().keySet().stream().filter(n -> n.contains("-")).findFirst().orElseThrow();
        mirror.rootHtml = html -> html.replace("href=\"/simple/" + p + "/\"", "href=\"/simple/" + p.replace('-', '_') + "/\"");
        caught("root HTML link of " + p + " is '/simple/" + p.replace('-', '_') + "/'");
    }

    // ------------------------------------------------------------------ bytes

    @Test
    void aMissingFileIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.status.put(f.url(), 404);
        caught("file " + f.filename() + ": " + f.url() + " answered 404");
    }

    @Test
    void aMissingMetadataFileIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.status.put(f.url() + ".metadata", 404);
        caught("file " + f.filename() + ".metadata: " + f.url() + ".metadata answered 404");
    }

    @Test
    void aTruncatedFileIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.truncated.add(f.url());
        caught("file " + f.filename() + ": truncated: ");
    }

    @Test
    void aTruncatedProjectPageIsCaughtAsContentNotAsACrawlError() throws Exception {
        String project = mirror.served().projects().keySet().iterator().next();
        mirror.truncated.add("/simple/" + project + "/");
        List<String> v = caught("/simple/" + project + "/ answered 200 with a truncated body");
        assertThat(v).noneMatch(x -> x.startsWith("crawl error"));
    }

    @Test
    void aTruncatedRootIsReportedAsAViolation() throws Exception {
        mirror.truncated.add("/simple/");
        ConsistencyChecker.Report r = new ConsistencyChecker(mirror.baseUrl(), sim.baseUrl()).crawl();
        assertThat(r.snapshot()).isNegative();
        assertThat(r.violations()).singleElement().asString().contains("/simple/ answered 200 with a truncated body");
    }

    @Test
    void aFileWithOneCorruptByteIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.bytes.put(f.url(), b -> {
            b[b.length / 2] ^= 0x20;
            return b;
        });
        List<String> v = caught("file " + f.filename() + ": downloaded sha256 ");
        assertThat(v).noneMatch(x -> x.contains("downloaded size"));
    }

    @Test
    void aFileOfTheWrongSizeIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.bytes.put(f.url(), b -> Arrays.copyOf(b, b.length + 1));
        caught("file " + f.filename() + ": downloaded size " + (f.size() + 1) + " != oracle size " + f.size());
    }

    @Test
    void aCorruptMetadataFileIsCaught() throws Exception {
        OracleFile f = wheel();
        mirror.bytes.put(f.url() + ".metadata", b -> {
            b[0] ^= 1;
            return b;
        });
        caught("file " + f.filename() + ".metadata: downloaded sha256 ");
    }

    @Test
    void aLinkToUpstreamStillHasTheMirrorsBytesChecked() throws Exception {
        mirror.fileOrigin = sim.baseUrl();
        OracleFile f = wheel();
        mirror.status.put(f.url(), 404);
        caught("file " + f.filename() + ": " + f.url() + " answered 404");
    }
}
