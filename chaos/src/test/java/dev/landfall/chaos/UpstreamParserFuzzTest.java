package dev.landfall.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.project.ProjectName;
import dev.landfall.fetcher.page.PageParser;
import dev.landfall.fetcher.upstream.UpstreamException;
import dev.landfall.poller.upstream.MalformedXmlRpcException;
import dev.landfall.poller.upstream.XmlRpcFaultException;
import dev.landfall.poller.upstream.XmlRpcResponseParser;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.assertj.core.api.Assertions;
import java.util.concurrent.Callable;

/**
 * Fuzzing of the upstream parsers with mutations of real answers (the corpus) and raw noise: a hostile
 * or broken upstream may only ever cause the parser's own "malformed" exception (or an XML-RPC fault),
 * never another exception type and never a hang. The corpus entries themselves must parse.
 */
class UpstreamParserFuzzTest {

    private static final ExecutorService POOL = FuzzCorpus.pool();
    private static final URI PAGE = URI.create("https://pypi.org/simple/backports-sphinx/");
    private static final String[] XMLRPC = {"xmlrpc/changelog_since_serial.xml", "xmlrpc/changelog_last_serial.xml", "xmlrpc/fault.xml",
            "xmlrpc/list_packages_with_serial.xml", "xmlrpc/types.xml"};

    @net.jqwik.api.lifecycle.BeforeContainer
    static void warmUp() throws Exception {
        // Class loading and JIT of the first call are not the parser's latency.
        new UpstreamParserFuzzTest().theCorpusItselfParses();
    }

    @AfterContainer
    static void shutDown() {
        POOL.shutdownNow();
    }

    @Provide
    Arbitrary<Long> mutations() {
        return Arbitraries.longs();
    }

    @Property(tries = 1500)
    void xmlRpcParserFailsOnlyWithItsOwnExceptions(@ForAll("mutations") long mutation) throws Exception {
        byte[] input = FuzzCorpus.mutate(FuzzCorpus.read(XMLRPC[(int) Math.floorMod(mutation, (long) XMLRPC.length)]), mutation);
        FuzzCorpus.withinDeadline(POOL, FuzzCorpus.DEADLINE_MILLIS, () -> {
            try {
                new XmlRpcResponseParser().parse(new ByteArrayInputStream(input));
            } catch (MalformedXmlRpcException | XmlRpcFaultException expected) {
                // the only ways a hostile answer may fail
            }
            return null;
        });
    }

    @Property(tries = 300)
    void xmlRpcParserSurvivesNoise(@ForAll byte[] noise) throws Exception {
        FuzzCorpus.withinDeadline(POOL, FuzzCorpus.DEADLINE_MILLIS, () -> {
            try {
                new XmlRpcResponseParser().parse(new ByteArrayInputStream(noise));
            } catch (MalformedXmlRpcException | XmlRpcFaultException expected) {
                // fine
            }
            return null;
        });
    }

    @Property(tries = 1000)
    void simpleJsonParserFailsOnlyAsMalformed(@ForAll("mutations") long mutation) throws Exception {
        byte[] input = FuzzCorpus.mutate(FuzzCorpus.read("simple-json/page.json"), mutation);
        parseOrMalformed(() -> new PageParser(new ProjectName("backports-sphinx"), 5).parseSimpleJson(input, PAGE));
    }

    @Property(tries = 1000)
    void simpleHtmlParserFailsOnlyAsMalformed(@ForAll("mutations") long mutation) throws Exception {
        byte[] input = FuzzCorpus.mutate(FuzzCorpus.read("simple-html/page.html"), mutation);
        parseOrMalformed(() -> new PageParser(new ProjectName("backports-sphinx"), 5).parseHtml(input, PAGE));
    }

    @Property(tries = 600)
    void jsonApiParserFailsOnlyAsMalformed(@ForAll("mutations") long mutation) throws Exception {
        byte[] input = FuzzCorpus.mutate(FuzzCorpus.read("json-api/project.json"), mutation);
        parseOrMalformed(() -> new PageParser(new ProjectName("backports-sphinx"), 5).parseJsonApi(input, URI.create("https://pypi.org/pypi/backports-sphinx/json")));
    }

    @Property(tries = 300)
    void pageParsersSurviveNoise(@ForAll byte[] noise) throws Exception {
        parseOrMalformed(() -> new PageParser(new ProjectName("p"), 1).parseSimpleJson(noise, PAGE));
        parseOrMalformed(() -> new PageParser(new ProjectName("p"), 1).parseHtml(noise, PAGE));
        parseOrMalformed(() -> new PageParser(new ProjectName("p"), 1).parseJsonApi(noise, PAGE));
    }

    @net.jqwik.api.Example
    void theCorpusItselfParses() throws Exception {
        for (String entry : XMLRPC) {
            try {
                new XmlRpcResponseParser().parse(new ByteArrayInputStream(FuzzCorpus.read(entry)));
            } catch (XmlRpcFaultException e) {
                assertThat(entry).isEqualTo("xmlrpc/fault.xml");
            }
        }
        assertThat(new PageParser(new ProjectName("backports-sphinx"), 5).parseSimpleJson(FuzzCorpus.read("simple-json/page.json"), PAGE)).isNotNull();
        assertThat(new PageParser(new ProjectName("backports-sphinx"), 5).parseHtml(FuzzCorpus.read("simple-html/page.html"), PAGE)).isNotNull();
    }

    /**
     * Regression (found by {@link #xmlRpcParserFailsOnlyWithItsOwnExceptions}, mutation -420953): an unterminated
     * CDATA section. With the JDK's StAX it is malformed; with Woodstox on the classpath the parser leaked
     * {@code WstxLazyException} (a RuntimeException) instead — see the chaos report's findings.
     */
    @net.jqwik.api.Example
    void anUnterminatedCdataSectionIsMalformed() {
        byte[] input = FuzzCorpus.read("xmlrpc/regression-unterminated-cdata.xml");
        Assertions.assertThatThrownBy(() -> new XmlRpcResponseParser().parse(new ByteArrayInputStream(input)))
                .isInstanceOf(MalformedXmlRpcException.class);
    }

    private static void parseOrMalformed(Callable<Object> parse) throws Exception {
        FuzzCorpus.withinDeadline(POOL, FuzzCorpus.DEADLINE_MILLIS, () -> {
            try {
                parse.call();
            } catch (UpstreamException expected) {
                // MalformedPageException and its siblings: the fetcher retries or dead-letters these
            }
            return null;
        });
    }
}
